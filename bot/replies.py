"""What the channels themselves say to a citizen when the assistant cannot answer."""

BUSY = "Dạ, hệ thống đang bận, Anh/Chị vui lòng thử lại sau ít phút ạ."
SLOW_DOWN = "Dạ, Anh/Chị gửi tin nhắn hơi nhanh. Anh/Chị vui lòng đợi một chút rồi gửi lại giúp em ạ."
