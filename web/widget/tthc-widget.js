/*
 * Chat widget of the administrative-procedure assistant, for any page of the province portal.
 *
 *   <script src="settings.js"></script>   (window.TTHCWidgetSettings = {serverUrl: ..., ...})
 *   <script src="/widget/tthc-widget.js" defer></script>
 *
 * Talks to Rasa's REST channel and keeps the conversation across reloads of the same tab
 * (sessionStorage), for at most `keepMinutes` without use, with the citizen's own numbers and
 * e-mail addresses masked, so a shared computer at a service centre does not show the previous
 * citizen's ID or phone; "Xóa cuộc trò chuyện" clears it. A failed request is retried only when
 * it never reached the server. Message text never becomes HTML: it goes in with textContent.
 */
(function () {
  "use strict";

  var DEFAULTS = {
    serverUrl: "http://127.0.0.1:5005",
    title: "Trợ lý thủ tục hành chính",
    subtitle: "Hỏi đáp tự động, tham khảo",
    primaryColor: "#a31d24",
    textColor: "#ffffff",
    greeting: null,
    storageKey: "tthc-widget",
    maxLength: 1000,
    retries: 2,
    timeoutSeconds: 30,
    keepMinutes: 30
  };
  var BUSY = "Dạ, hệ thống đang bận, Anh/Chị vui lòng thử lại sau ít phút ạ.";
  var KEPT = " Câu hỏi của Anh/Chị vẫn còn trong ô nhập.";
  var HISTORY_LIMIT = 100;
  /* what bot/privacy.py masks, roughly: e-mail addresses and runs of 9 or more digits */
  var EMAIL = /[\w.+-]{1,64}@[\w-]{1,63}(\.[\w-]{1,63}){1,8}/g;
  var LONG_NUMBER = /\+?\d(?:[\s.()-]{0,3}\d){8,}/g;
  var URL_PATTERN = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/g;

  var settings = Object.assign({}, DEFAULTS, window.TTHCWidgetSettings || {});
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/[^/]*$/, "") : "/widget/";
  var store = storage(settings.storageKey);

  function storage(prefix) {
    function read(key, fallback) {
      try {
        var value = window.sessionStorage.getItem(prefix + ":" + key);
        return value === null ? fallback : JSON.parse(value);
      } catch (error) {
        return fallback;
      }
    }
    function write(key, value) {
      try {
        window.sessionStorage.setItem(prefix + ":" + key, JSON.stringify(value));
      } catch (error) {
        /* private mode or full storage: the conversation just won't survive a reload */
      }
    }
    function clear() {
      try {
        Object.keys(window.sessionStorage).forEach(function (key) {
          if (key.indexOf(prefix + ":") === 0) window.sessionStorage.removeItem(key);
        });
      } catch (error) {
        /* nothing was kept */
      }
    }
    return { read: read, write: write, clear: clear };
  }

  /* The citizen's own words as they are kept: numbers and e-mail addresses masked. */
  function masked(text) {
    return String(text).replace(EMAIL, "[email]").replace(LONG_NUMBER, "[số]");
  }

  function senderId() {
    var id = store.read("sender", null);
    if (!id) {
      id = "web-" + (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());
      store.write("sender", id);
    }
    return id;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Text with its web addresses as links; nothing in it is ever parsed as HTML. */
  function richText(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    String(text).replace(URL_PATTERN, function (url, _group, offset) {
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      fragment.appendChild(element("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url));
      last = offset + url.length;
      return url;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function build() {
    var root = element("div", { class: "tthc-widget", lang: "vi" });
    root.style.setProperty("--tthc-primary", settings.primaryColor);
    root.style.setProperty("--tthc-on-primary", settings.textColor);

    var launcher = element("button", {
      type: "button",
      class: "tthc-launcher",
      "aria-label": "Mở " + settings.title,
      "aria-expanded": "false",
      "aria-controls": "tthc-panel"
    }, "Hỏi đáp TTHC");
    var panel = element("section", { id: "tthc-panel", class: "tthc-panel", role: "dialog", "aria-label": settings.title, hidden: "" });
    var header = element("header", { class: "tthc-header" });
    var heading = element("div", { class: "tthc-heading" });
    heading.appendChild(element("h2", {}, settings.title));
    heading.appendChild(element("p", {}, settings.subtitle));
    var close = element("button", { type: "button", class: "tthc-close", "aria-label": "Đóng khung trò chuyện" }, "×");
    var clear = element("button", { type: "button", class: "tthc-clear" }, "Xóa cuộc trò chuyện");
    header.appendChild(heading);
    header.appendChild(clear);
    header.appendChild(close);

    var log = element("div", { class: "tthc-log", role: "log", "aria-live": "polite", "aria-label": "Nội dung trò chuyện", tabindex: "0" });
    var typing = element("div", { class: "tthc-typing", role: "status", hidden: "" });
    typing.appendChild(element("span", { class: "tthc-dots", "aria-hidden": "true" }, "• • •"));
    typing.appendChild(element("span", { class: "tthc-visually-hidden" }, "Trợ lý đang trả lời…"));

    var form = element("form", { class: "tthc-form" });
    var label = element("label", { for: "tthc-input", class: "tthc-visually-hidden" }, "Câu hỏi của Anh/Chị");
    var input = element("input", {
      id: "tthc-input",
      type: "text",
      autocomplete: "off",
      maxlength: String(settings.maxLength),
      placeholder: "Nhập câu hỏi, ví dụ: làm khai sinh cần gì?"
    });
    var send = element("button", { type: "submit", class: "tthc-send", "aria-label": "Gửi câu hỏi" }, "Gửi");
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(typing);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(launcher);
    return { root: root, launcher: launcher, panel: panel, close: close, clear: clear, log: log, typing: typing, form: form, input: input, send: send };
  }

  function Widget(ui) {
    if (Date.now() - store.read("used", 0) > settings.keepMinutes * 60000) store.clear();
    var history = store.read("history", []);
    var sender = senderId();
    var busy = false;

    function remember(entry) {
      history.push(entry);
      history = history.slice(-HISTORY_LIMIT);
      store.write("history", history);
    }

    function show(entry, live) {
      var bubble = element("div", { class: "tthc-message tthc-" + entry.from });
      Object.defineProperty(entry, "node", { value: bubble, enumerable: false, configurable: true });
      bubble.appendChild(element("span", { class: "tthc-visually-hidden" }, entry.from === "user" ? "Anh/Chị: " : "Trợ lý: "));
      bubble.appendChild(richText(entry.text || ""));
      ui.log.appendChild(bubble);
      if (entry.buttons && entry.buttons.length) {
        var group = element("div", { class: "tthc-buttons", role: "group", "aria-label": "Các lựa chọn" });
        entry.buttons.forEach(function (choice) {
          var button = element("button", { type: "button", class: "tthc-choice" }, choice.title);
          button.addEventListener("click", function () {
            ask(choice.payload, choice.title);
          });
          group.appendChild(button);
        });
        ui.log.appendChild(group);
      }
      if (entry.from === "bot" && entry.rating && !entry.rated) showRating(entry);
      if (live !== false) ui.log.scrollTop = ui.log.scrollHeight;
    }

    /* 👍/👎 under an answer that asked for them (its buttons come from the server, bot/replies.py);
       once the rating is sent the buttons go, also after a reload. */
    function showRating(entry) {
      var group = element("div", { class: "tthc-rating", role: "group", "aria-label": "Đánh giá câu trả lời" });
      group.appendChild(element("span", {}, "Câu trả lời có hữu ích không?"));
      entry.rating.forEach(function (choice) {
        var label = choice.label || choice.title;
        var button = element("button", { type: "button", class: "tthc-rate", "aria-label": label, title: label }, choice.title);
        button.addEventListener("click", function () {
          ask(choice.payload, choice.title).then(function (sent) {
            if (!sent) return;
            entry.rated = true;
            store.write("history", history);
            if (group.parentNode) group.parentNode.removeChild(group);
          });
        });
        group.appendChild(button);
      });
      ui.log.appendChild(group);
    }

    /* Shows an entry and keeps it; the citizen's own text is kept masked. */
    function add(entry) {
      var kept = entry.from === "user" ? { from: "user", text: masked(entry.text) } : entry;
      Object.defineProperty(entry, "kept", { value: kept, enumerable: false, configurable: true });
      remember(kept);
      show(entry);
      return entry;
    }

    function forget(entry) {
      history = history.filter(function (kept) {
        return kept !== entry.kept;
      });
      store.write("history", history);
      if (entry.node && entry.node.parentNode) entry.node.parentNode.removeChild(entry.node);
    }

    /* One request with a timeout; `reached` tells whether the server may have it. */
    function postOnce(message) {
      var controller = window.AbortController ? new AbortController() : null;
      var timer = controller && setTimeout(function () {
        controller.abort();
      }, settings.timeoutSeconds * 1000);
      return fetch(settings.serverUrl.replace(/\/$/, "") + "/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: message, metadata: { channel: "web" } }),
        signal: controller ? controller.signal : undefined
      })
        .then(
          function (response) {
            if (!response.ok) throw Object.assign(new Error("HTTP " + response.status), { reached: true });
            return response.json();
          },
          function (error) {
            /* no answer: the connection failed (nothing reached the server) or our timeout (it may have) */
            throw Object.assign(error, { reached: error.name === "AbortError" });
          }
        )
        .then(
          function (replies) {
            clearTimeout(timer);
            return replies;
          },
          function (error) {
            clearTimeout(timer);
            if (error.reached === undefined) error.reached = true; /* an answer that was not JSON */
            throw error;
          }
        );
    }

    /* Retries only what never reached the server, so a turn or a rating is never sent twice. */
    function post(message, attemptsLeft) {
      return postOnce(message)
        .catch(function (error) {
          if (error.reached || attemptsLeft <= 0) throw error;
          return new Promise(function (resolve) {
            setTimeout(resolve, 1000 * (settings.retries - attemptsLeft + 1));
          }).then(function () {
            return post(message, attemptsLeft - 1);
          });
        });
    }

    function setBusy(value) {
      busy = value;
      ui.typing.hidden = !value;
      ui.send.disabled = value;
      ui.log.setAttribute("aria-busy", value ? "true" : "false");
    }

    /* Sends a message: typed text, or a button's payload shown as its title, or hidden (shown === null). */
    function ask(message, shown) {
      if (busy || !message.trim()) return Promise.resolve(false);
      store.write("used", Date.now());
      var question = shown === null ? null : add({ from: "user", text: shown === undefined ? message : shown });
      setBusy(true);
      return post(message, settings.retries)
        .then(function (replies) {
          var entries = [];
          (replies || []).forEach(function (reply) {
            if (reply.custom && reply.custom.rating) {
              /* a rating request: 👍/👎 under the answer shown before it */
              if (entries.length) entries[entries.length - 1].rating = reply.custom.rating;
              return;
            }
            var text = [reply.text, reply.image].filter(Boolean).join("\n");
            if (text || (reply.buttons && reply.buttons.length)) entries.push({ from: "bot", text: text, buttons: reply.buttons || [] });
          });
          entries.forEach(add);
          return true;
        })
        .catch(function () {
          if (question) forget(question);
          if (shown === undefined) ui.input.value = message;
          show({ from: "bot", text: BUSY + (shown === undefined ? KEPT : "") });
          return false;
        })
        .then(function (answered) {
          setBusy(false);
          return answered;
        });
    }

    function open() {
      ui.panel.hidden = false;
      ui.launcher.setAttribute("aria-expanded", "true");
      store.write("open", true);
      ui.input.focus();
      ui.log.scrollTop = ui.log.scrollHeight;
      if (!history.length) {
        if (settings.greeting) add({ from: "bot", text: settings.greeting });
        else ask("/greet", null);
      }
    }

    function close() {
      ui.panel.hidden = true;
      ui.launcher.setAttribute("aria-expanded", "false");
      store.write("open", false);
      ui.launcher.focus();
    }

    ui.launcher.addEventListener("click", function () {
      if (ui.panel.hidden) open();
      else close();
    });
    ui.close.addEventListener("click", close);
    ui.clear.addEventListener("click", function () {
      if (busy) return;
      store.clear();
      store.write("open", true);
      history = [];
      sender = senderId();
      while (ui.log.firstChild) ui.log.removeChild(ui.log.firstChild);
      if (settings.greeting) add({ from: "bot", text: settings.greeting });
      else ask("/greet", null);
      ui.input.focus();
    });
    ui.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close();
    });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = ui.input.value;
      if (!text.trim() || busy) return;
      ui.input.value = "";
      ask(text);
    });

    history.forEach(function (entry) {
      show(entry, false);
    });
    if (store.read("open", false)) open();
  }

  function start() {
    var stylesheet = element("link", { rel: "stylesheet", href: base + "tthc-widget.css" });
    document.head.appendChild(stylesheet);
    var ui = build();
    document.body.appendChild(ui.root);
    Widget(ui);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
