"""The 👍/👎 row: asked for by the answer as structured data, placed by every channel alike."""

from bot.replies import RATING_BUTTONS, rating_request, shown_and_rated


def test_the_rating_row_goes_under_the_answer_that_asked_for_it():
    replies = [
        {"text": "Dạ, thủ tục …"},
        {"text": "Nguồn: …", "buttons": [{"title": "Lệ phí", "payload": "/ask_fee"}]},
        {"custom": rating_request()},
        {"text": "Anh/Chị cho em biết tên xã …"},
    ]
    shown, rated, buttons = shown_and_rated(replies)
    assert [r["text"] for r in shown] == ["Dạ, thủ tục …", "Nguồn: …", "Anh/Chị cho em biết tên xã …"]
    assert rated == 1 and buttons == RATING_BUTTONS


def test_replies_that_ask_for_no_rating_get_no_row():
    shown, rated, buttons = shown_and_rated([{"text": "Nguồn: a line that only looks like a source"}])
    assert rated is None and buttons == [] and len(shown) == 1
