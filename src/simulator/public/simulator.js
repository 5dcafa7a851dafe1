// The chat page: sends what LINE would send to the bot and shows the replies like the LINE app.
// Every piece of user or bot text is set with textContent; nothing is parsed as HTML.
import { actionKey, renderFlexContainer, safeHref } from "./flex.js";

const EVENTS_URL = "simulator/api/events";
const weekdays = ["日", "月", "火", "水", "木", "金", "土"];
const tokyoClock = new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" });

const chat = document.getElementById("chat");
const quickReplies = document.getElementById("quick-replies");
const composer = document.getElementById("composer");
const input = document.getElementById("message");
const timeInput = document.getElementById("sim-time");
const resetTime = document.getElementById("reset-time");
const banner = document.getElementById("time-banner");
const showJson = document.getElementById("show-json");
const richMenu = document.getElementById("rich-menu");
const richMenuToggle = document.getElementById("rich-menu-toggle");
const richMenuPanel = document.getElementById("rich-menu-panel");
const toolsToggle = document.getElementById("tools-toggle");
const tools = document.getElementById("tools");
const skipLink = document.getElementById("skip-link");
// The server writes the catalog's bot name into the page.
const botName = document.querySelector('meta[name="bot-name"]')?.getAttribute("content") ?? "";

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function scrollToEnd() {
  chat.scrollTop = chat.scrollHeight;
}

/** Scrolls to the end, but never past the start of `row`: a reply taller than the chat is read from its top. */
function reveal(row) {
  const rowTop = row.getBoundingClientRect().top - chat.getBoundingClientRect().top + chat.scrollTop;
  chat.scrollTop = Math.min(chat.scrollHeight - chat.clientHeight, rowTop - 8);
}

/**
 * Each action gets one tab stop: a category offered in a card, in the quick replies and in the open rich
 * menu is reached once by Tab, at the copy nearest the end of the page (the newest, next to the input).
 * The other copies still work with a tap or a click. Hidden controls cannot take focus and are skipped.
 */
function oneTabStopPerAction() {
  const seen = new Set();
  for (const control of [...document.querySelectorAll("[data-action]")].reverse()) {
    if (control.getClientRects().length === 0) continue;
    control.tabIndex = seen.has(control.dataset.action) ? -1 : 0;
    seen.add(control.dataset.action);
  }
  // A scrolling row whose every chip is reached elsewhere would otherwise become a tab stop of its own.
  if (quickReplies.querySelector('[tabindex="0"]')) quickReplies.removeAttribute("tabindex");
  else quickReplies.tabIndex = -1;
}

/** The datetime-local value split into parts; the value is read as Japan time whatever the browser's zone. */
function simulatedParts() {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(timeInput.value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match;
  return { year, month, day, hour, minute };
}

function simulatedAt() {
  const p = simulatedParts();
  return p ? `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}+09:00` : undefined;
}

function describeSimulated(p) {
  const weekday = weekdays[new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day))).getUTCDay()];
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日(${weekday}) ${p.hour}:${p.minute}`;
}

function clockLabel(simulatedNow) {
  if (simulatedNow) return simulatedNow.slice(11, 16);
  const p = simulatedParts();
  return p ? `${p.hour}:${p.minute}` : tokyoClock.format(new Date());
}

function addNotice(text) {
  chat.append(element("div", "notice", text));
  scrollToEnd();
}

function addUserMessage(text) {
  const row = element("div", "row user");
  row.append(element("span", "time", clockLabel()), element("div", "text-bubble", text));
  chat.append(row);
  scrollToEnd();
}

function rawJson(message) {
  const box = element("div", "raw-json");
  const json = element("pre", "", JSON.stringify(message, null, 2));
  // It scrolls, so the keyboard must be able to reach it.
  json.tabIndex = 0;
  json.setAttribute("aria-label", "LINE JSON");
  box.append(json);
  if (message.type === "flex") {
    const copy = element("button", "copy-button", "contents をコピー (Flex Message Simulator 用)");
    copy.type = "button";
    copy.addEventListener("click", () => {
      navigator.clipboard.writeText(JSON.stringify(message.contents, null, 2)).then(
        () => (copy.textContent = "コピーしました"),
        () => (copy.textContent = "コピーできませんでした (上の JSON を選択してコピーしてください)"),
      );
    });
    box.append(copy);
  }
  return box;
}

function renderMessage(message) {
  switch (message.type) {
    case "text":
      return element("div", "text-bubble", message.text ?? "");
    case "flex": {
      const node = renderFlexContainer(message.contents, tap);
      node.setAttribute("aria-label", message.altText ?? "");
      return node;
    }
    default:
      return element("div", "text-bubble", `[${String(message.type)} メッセージ]`);
  }
}

function addBotReply(messages, simulatedNow) {
  if (messages.length === 0) return;
  const row = element("div", "row bot");
  const avatar = element("div", "avatar", Array.from(botName)[0] ?? "");
  avatar.setAttribute("aria-hidden", "true");
  const column = element("div", "bot-column");
  column.append(element("div", "bot-name", botName));
  for (const message of messages) {
    const line = element("div", "message-line");
    line.append(renderMessage(message), element("span", "time", clockLabel(simulatedNow)));
    column.append(line, rawJson(message));
  }
  row.append(avatar, column);
  chat.append(row);
  // LINE shows only the last message's quick reply.
  showQuickReplies(messages.at(-1)?.quickReply?.items ?? []);
  reveal(row);
}

function quickReplyChip(action) {
  const label = action.label ?? "";
  const href = action.type === "uri" ? safeHref(action.uri) : null;
  if (href) {
    const link = element("a", "chip", label);
    link.href = href;
    if (href.startsWith("http")) {
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
    link.dataset.action = actionKey(action);
    return link;
  }
  const chip = element("button", "chip", label);
  chip.type = "button";
  if (action.type === "postback" || action.type === "message" || action.type === "clipboard") {
    chip.dataset.action = actionKey(action);
    chip.addEventListener("click", () => tap(action));
  } else {
    chip.disabled = true;
    chip.title = `${String(action.type)} アクションはシミュレーターでは動きません`;
  }
  return chip;
}

function showQuickReplies(items) {
  quickReplies.replaceChildren(...items.map((item) => quickReplyChip(item.action ?? {})));
  quickReplies.hidden = items.length === 0;
  oneTabStopPerAction();
}

let pending = 0;
let queue = Promise.resolve();

/** One conversation per browser tab, as one LINE user: the bot remembers what it showed in this tab only. */
function tabConversation() {
  const key = `${document.querySelector('meta[name="bot-id"]')?.getAttribute("content") || "bot"}-conversation`;
  let id = sessionStorage.getItem(key);
  if (!/^[0-9a-f]{32}$/.test(id ?? "")) {
    id = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
    sessionStorage.setItem(key, id);
  }
  return id;
}
const conversation = tabConversation();

async function post(event, at) {
  let response;
  try {
    response = await fetch(EVENTS_URL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(at ? { event, at, conversation } : { event, conversation }),
    });
  } catch {
    addNotice("サーバーに接続できませんでした");
    return;
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    addNotice(`送信できませんでした (${response.status}): ${body?.error ?? response.statusText}`);
    return;
  }
  addBotReply(body.messages ?? [], body.simulatedNow);
}

/** Sends one event; replies are shown in the order the user acted, as in a real chat. */
function send(event) {
  // Any new message in the chat removes the quick-reply buttons, as LINE does; the menu folds to make room.
  showQuickReplies([]);
  foldRichMenu();
  const at = simulatedAt();
  pending += 1;
  chat.setAttribute("aria-busy", "true");
  queue = queue
    .then(() => post(event, at))
    .finally(() => {
      pending -= 1;
      if (pending === 0) chat.setAttribute("aria-busy", "false");
    });
}

function sendText(text) {
  addUserMessage(text);
  send({ type: "text", text });
}

/** What LINE does when a postback or message action is tapped; the keyboard stays where typing happens. */
function tap(action) {
  input.focus();
  if (action.type === "clipboard") {
    // LINE copies without sending anything and says so in a short toast.
    const text = action.clipboardText ?? "";
    navigator.clipboard.writeText(text).then(
      () => addNotice(`コピーしました: ${text}`),
      () => addNotice(`コピーできませんでした: ${text}`),
    );
    return;
  }
  if (action.type === "message") {
    sendText(action.text ?? "");
    return;
  }
  // LINE shows displayText as if the user typed it, but sends only the postback to the bot.
  if (action.displayText) addUserMessage(action.displayText);
  send({ type: "postback", data: action.data ?? "", ...(action.displayText ? { displayText: action.displayText } : {}) });
}

function updateTime() {
  const p = simulatedParts();
  banner.hidden = p === null;
  banner.textContent = p ? `シミュレーション時刻: ${describeSimulated(p)}` : "";
  banner.title = p ? "ボットはこの日時として答えます" : "";
}

composer.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value;
  if (text.trim() === "") return;
  input.value = "";
  sendText(text);
});

input.addEventListener("keydown", (event) => {
  // Enter while an IME is converting only confirms the kana-kanji conversion.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

timeInput.addEventListener("input", updateTime);
timeInput.addEventListener("change", updateTime);
resetTime.addEventListener("click", () => {
  if (timeInput.value === "") return;
  timeInput.value = "";
  updateTime();
});
showJson.addEventListener("change", () => document.body.classList.toggle("show-json", showJson.checked));

toolsToggle.addEventListener("click", () => {
  const open = tools.hidden;
  tools.hidden = !open;
  toolsToggle.setAttribute("aria-expanded", String(open));
  toolsToggle.lastElementChild.textContent = open ? "▲" : "▼";
});

// The browser scrolls a focused control only until part of it shows; the keyboard's stop is shown whole,
// ring included, also in the sideways rows (quick replies, carousels).
document.addEventListener("focusin", (event) => {
  if (event.target instanceof Element && event.target.matches(":focus-visible")) event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
});

skipLink.addEventListener("click", (event) => {
  event.preventDefault();
  foldRichMenu();
  input.focus();
});

let chatBarText = "メニュー";

function setRichMenuOpen(open) {
  richMenuToggle.setAttribute("aria-expanded", String(open));
  richMenuToggle.textContent = `${chatBarText} ${open ? "▼" : "▲"}`;
  richMenuPanel.hidden = !open;
  oneTabStopPerAction();
}

function foldRichMenu() {
  if (!richMenuPanel.hidden) setRichMenuOpen(false);
}

// As in LINE, the menu folds when the user goes to type: a tap or click in the input, or a key typed there.
// Tab only passing through the input leaves open a menu the user opened, so the keyboard can reach it.
input.addEventListener("pointerdown", foldRichMenu);
input.addEventListener("input", foldRichMenu);

/** The rich menu under the chat, as LINE shows it: the picture with a tappable area per button. */
async function showRichMenu() {
  const response = await fetch("simulator/api/richmenu").catch(() => null);
  if (!response?.ok) return;
  const menu = await response.json();
  const { width, height } = menu.size;
  const image = element("img", "rich-menu-image");
  image.src = menu.imageUrl;
  image.alt = "";
  richMenuPanel.style.aspectRatio = `${width} / ${height}`;
  const areas = menu.areas.map((area) => {
    const button = element("button", "rich-menu-area");
    button.type = "button";
    button.setAttribute("aria-label", area.action.label ?? "");
    const key = actionKey(area.action);
    if (key) button.dataset.action = key;
    const { x, y, width: w, height: h } = area.bounds;
    Object.assign(button.style, { left: `${(100 * x) / width}%`, top: `${(100 * y) / height}%`, width: `${(100 * w) / width}%`, height: `${(100 * h) / height}%` });
    button.addEventListener("click", () => tap(area.action));
    return button;
  });
  richMenuPanel.replaceChildren(image, ...areas);
  chatBarText = menu.chatBarText ?? chatBarText;
  richMenuToggle.addEventListener("click", () => setRichMenuOpen(richMenuPanel.hidden));
  // Folded while the input has the keyboard, as it has from the start; the bar opens it.
  setRichMenuOpen(document.activeElement !== input && menu.selected !== false);
  richMenu.hidden = false;
}

// "?at=2026-11-23T10:00" opens the chat at that simulated time, welcome included (links, screenshots).
const presetTime = new URLSearchParams(location.search).get("at");
if (presetTime && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(presetTime)) {
  timeInput.value = presetTime;
  updateTime();
}

addNotice(`${botName}を友だち追加しました`);
send({ type: "follow" });
input.focus();
void showRichMenu();
