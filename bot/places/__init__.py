"""Administrative units of the province (from the vietnamadminunits library) and finding them
by name, old or new, or by position."""
