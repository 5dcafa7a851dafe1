// Renders LINE Flex Message JSON (bubbles and carousels) into DOM nodes, roughly as the LINE app
// lays them out. Text from the bot only ever goes through textContent, never through HTML.

const spacingScale = { none: "0px", xs: "2px", sm: "4px", md: "8px", lg: "12px", xl: "16px", xxl: "20px" };
const textSizes = { xxs: "11px", xs: "13px", sm: "14px", md: "16px", lg: "19px", xl: "22px", xxl: "29px", "3xl": "35px", "4xl": "48px", "5xl": "74px" };
const imageSizes = { xxs: "40px", xs: "60px", sm: "80px", md: "100px", lg: "120px", xl: "140px", xxl: "160px", "3xl": "180px", "4xl": "200px", "5xl": "220px", full: "100%" };
const bubbleWidths = { nano: "120px", micro: "160px", deca: "220px", hecto: "241px", kilo: "260px", mega: "300px", giga: "386px" };
const borderWidths = { none: "0px", light: "0.5px", normal: "1px", medium: "2px", "semi-bold": "3px", bold: "4px" };
const blockPaddings = { header: "20px", body: "20px", footer: "10px" };
const gravities = { top: "flex-start", center: "center", bottom: "flex-end" };
const alignments = { start: "flex-start", center: "center", end: "flex-end" };
const textAligns = { start: "left", center: "center", end: "right" };
const linkSchemes = ["https:", "http:", "tel:"];

/** A keyword from `scale`, or a literal "12px" / "50%"; anything else is ignored as LINE would reject it. */
function length(value, scale) {
  if (value === undefined || value === null) return "";
  if (scale && Object.hasOwn(scale, value)) return scale[value];
  return /^\d+(\.\d+)?(px|%)$/.test(String(value)) ? String(value) : "";
}

/** Only real links become hrefs, so a stray "javascript:" can never run. */
export function safeHref(uri) {
  try {
    const url = new URL(uri);
    return linkSchemes.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * What an action does, as one string: two controls with the same key do the same thing (a category in a
 * card, in the quick replies and in the rich menu), which the page uses to give each action one tab stop.
 */
export function actionKey(action) {
  switch (action?.type) {
    case "postback":
      return `postback:${action.data ?? ""}`;
    case "message":
      return `message:${action.text ?? ""}`;
    case "clipboard":
      return `clipboard:${action.clipboardText ?? ""}`;
    case "uri":
      return `uri:${safeHref(action.uri) ?? ""}`;
    default:
      return null;
  }
}

/**
 * Creates the element for a component that may carry an action: a real link for uri actions,
 * a clickable element that reports postback, message and clipboard actions to `ctx.onAction`.
 */
function actionable(action, tag, ctx) {
  const href = action?.type === "uri" ? safeHref(action.uri) : null;
  if (href) {
    const link = document.createElement("a");
    link.href = href;
    if (href.startsWith("http")) {
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
    link.dataset.action = actionKey(action);
    return link;
  }
  const el = document.createElement(tag);
  if (tag === "button") el.type = "button";
  if (!action) return el;
  if (action.type === "postback" || action.type === "message" || action.type === "clipboard") {
    el.classList.add("actionable");
    el.dataset.action = actionKey(action);
    el.addEventListener("click", (event) => {
      event.stopPropagation();
      ctx.onAction(action);
    });
    if (tag !== "button") {
      el.tabIndex = 0;
      el.setAttribute("role", "button");
      el.addEventListener("keydown", (event) => {
        if (event.key === "Enter") el.click();
      });
    }
  } else {
    el.title = `${action.type} アクションはシミュレーターでは動きません`;
    if (tag === "button") el.disabled = true;
  }
  return el;
}

function applyPadding(el, box, fallback) {
  const all = length(box.paddingAll, spacingScale) || fallback || "";
  el.style.paddingTop = length(box.paddingTop, spacingScale) || all;
  el.style.paddingBottom = length(box.paddingBottom, spacingScale) || all;
  el.style.paddingLeft = length(box.paddingStart, spacingScale) || all;
  el.style.paddingRight = length(box.paddingEnd, spacingScale) || all;
}

/** Flex-item rules a component gets from its parent box: flex ratio, margin/spacing, gravity, position. */
function place(el, component, layout, index, spacing) {
  const horizontal = layout !== "vertical";
  const fixed = component.type === "separator" || component.type === "icon" || component.type === "spacer";
  const flex = fixed ? 0 : (component.flex ?? (horizontal || component.type === "filler" ? 1 : 0));
  el.style.flex = flex === 0 ? "0 0 auto" : `${flex} 1 ${horizontal ? "0px" : "auto"}`;
  const gap = length(component.margin ?? (index > 0 ? spacing : undefined), spacingScale);
  if (gap) el.style[horizontal ? "marginLeft" : "marginTop"] = gap;
  if (horizontal && layout !== "baseline" && component.gravity) el.style.alignSelf = gravities[component.gravity] ?? "";
  if (component.position === "absolute") el.style.position = "absolute";
  el.style.top = length(component.offsetTop, spacingScale);
  el.style.bottom = length(component.offsetBottom, spacingScale);
  el.style.left = length(component.offsetStart, spacingScale);
  el.style.right = length(component.offsetEnd, spacingScale);
}

function renderBox(box, ctx, defaultPadding) {
  const el = actionable(box.action, "div", ctx);
  el.classList.add("flex-box");
  el.style.position = "relative";
  const layout = box.layout ?? "vertical";
  el.style.flexDirection = layout === "vertical" ? "column" : "row";
  if (layout === "baseline") el.style.alignItems = "baseline";
  if (box.justifyContent) el.style.justifyContent = box.justifyContent;
  if (box.alignItems) el.style.alignItems = box.alignItems;
  if (box.backgroundColor) el.style.backgroundColor = box.backgroundColor;
  if (box.background?.type === "linearGradient") {
    const stops = [box.background.startColor, box.background.centerColor, box.background.endColor].filter(Boolean);
    el.style.backgroundImage = `linear-gradient(${box.background.angle ?? "0deg"}, ${stops.join(", ")})`;
  }
  if (box.borderColor || box.borderWidth) {
    el.style.borderStyle = "solid";
    el.style.borderColor = box.borderColor ?? "#000000";
    el.style.borderWidth = length(box.borderWidth ?? "normal", borderWidths);
  }
  if (box.cornerRadius) {
    el.style.borderRadius = length(box.cornerRadius, spacingScale);
    el.style.overflow = "hidden";
  }
  el.style.width = length(box.width);
  el.style.maxWidth = length(box.maxWidth);
  el.style.height = length(box.height);
  el.style.maxHeight = length(box.maxHeight);
  applyPadding(el, box, defaultPadding);
  (box.contents ?? []).forEach((child, index) => {
    const childEl = renderComponent(child, layout, ctx);
    place(childEl, child, layout, index, box.spacing);
    el.append(childEl);
  });
  return el;
}

function styleText(el, props) {
  if (props.size) el.style.fontSize = length(props.size, textSizes);
  if (props.weight === "bold") el.style.fontWeight = "700";
  if (props.style === "italic") el.style.fontStyle = "italic";
  if (props.color) el.style.color = props.color;
  if (props.decoration === "underline") el.style.textDecoration = "underline";
  if (props.decoration === "line-through") el.style.textDecoration = "line-through";
}

function renderText(text, ctx) {
  const el = actionable(text.action, "div", ctx);
  el.classList.add("flex-text", text.wrap ? "wrap" : "nowrap");
  styleText(el, { size: "md", ...text });
  el.style.textAlign = textAligns[text.align] ?? "";
  if (text.lineSpacing) el.style.lineHeight = `calc(1.4em + ${length(text.lineSpacing)})`;
  if (text.wrap && text.maxLines > 0) {
    el.classList.add("clamp");
    el.style.webkitLineClamp = String(text.maxLines);
  }
  if (Array.isArray(text.contents) && text.contents.length > 0) {
    for (const span of text.contents) {
      const spanEl = document.createElement("span");
      spanEl.textContent = span.text ?? "";
      styleText(spanEl, span);
      el.append(spanEl);
    }
  } else {
    el.textContent = text.text ?? "";
  }
  return el;
}

function renderButton(button, ctx) {
  const el = actionable(button.action, "button", ctx);
  el.classList.add("flex-button");
  const style = button.style ?? "link";
  el.style.height = button.height === "sm" ? "40px" : "52px";
  if (style === "primary") {
    el.style.backgroundColor = button.color ?? "#17c950";
    el.style.color = "#ffffff";
  } else if (style === "secondary") {
    el.style.backgroundColor = button.color ?? "#dcdfe5";
    el.style.color = "#111111";
  } else {
    el.style.color = button.color ?? "#42659a";
  }
  if (button.gravity && gravities[button.gravity]) el.style.alignSelf = gravities[button.gravity];
  const label = document.createElement("span");
  label.textContent = button.action?.label ?? "";
  el.append(label);
  return el;
}

function renderSeparator(separator, parentLayout) {
  const el = document.createElement("div");
  el.classList.add("flex-separator");
  if (parentLayout === "vertical") el.style.height = "1px";
  else el.style.width = "1px";
  if (separator.color) el.style.backgroundColor = separator.color;
  return el;
}

function imageElement(url) {
  const img = document.createElement("img");
  img.alt = "";
  img.loading = "lazy";
  img.referrerPolicy = "no-referrer";
  if (safeHref(url)?.startsWith("https:")) img.src = url;
  return img;
}

function aspectRatio(ratio) {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(ratio ?? "1:1");
  return match ? `${match[1]} / ${match[2]}` : "1 / 1";
}

function renderImage(image, ctx) {
  const el = actionable(image.action, "div", ctx);
  el.style.display = "flex";
  el.style.justifyContent = alignments[image.align ?? "center"] ?? "center";
  el.style.alignItems = gravities[image.gravity ?? "top"] ?? "flex-start";
  const img = imageElement(image.url);
  img.classList.add("flex-image");
  img.style.width = length(image.size ?? "md", imageSizes);
  img.style.aspectRatio = aspectRatio(image.aspectRatio);
  img.style.objectFit = image.aspectMode === "cover" ? "cover" : "contain";
  if (image.backgroundColor) img.style.backgroundColor = image.backgroundColor;
  el.append(img);
  return el;
}

function renderIcon(icon) {
  const img = imageElement(icon.url);
  img.classList.add("flex-icon");
  img.style.height = length(icon.size ?? "md", textSizes);
  img.style.aspectRatio = aspectRatio(icon.aspectRatio);
  return img;
}

function renderComponent(component, parentLayout, ctx) {
  switch (component.type) {
    case "box":
      return renderBox(component, ctx);
    case "text":
      return renderText(component, ctx);
    case "button":
      return renderButton(component, ctx);
    case "separator":
      return renderSeparator(component, parentLayout);
    case "image":
      return renderImage(component, ctx);
    case "icon":
      return renderIcon(component);
    case "filler":
    case "spacer": {
      const el = document.createElement("div");
      if (component.type === "spacer") el.style[parentLayout === "vertical" ? "height" : "width"] = length(component.size ?? "md", spacingScale);
      return el;
    }
    default: {
      const el = document.createElement("div");
      el.classList.add("flex-unsupported");
      el.textContent = `(${String(component.type)} は表示できません)`;
      return el;
    }
  }
}

function renderBubble(bubble, ctx) {
  const el = actionable(bubble.action, "div", ctx);
  el.classList.add("flex-bubble");
  el.style.width = bubbleWidths[bubble.size ?? "mega"] ?? bubbleWidths.mega;
  let first = true;
  for (const name of ["header", "hero", "body", "footer"]) {
    const block = bubble[name];
    if (!block) continue;
    const blockStyle = bubble.styles?.[name] ?? {};
    const wrapper = document.createElement("div");
    wrapper.classList.add("flex-block", name);
    if (blockStyle.backgroundColor) wrapper.style.backgroundColor = blockStyle.backgroundColor;
    if (blockStyle.separator && !first) wrapper.style.borderTop = `1px solid ${blockStyle.separatorColor ?? "#d4d6da"}`;
    const content = block.type === "box" ? renderBox(block, ctx, blockPaddings[name]) : renderComponent(block, "vertical", ctx);
    content.style.flex = "1 0 auto";
    wrapper.append(content);
    el.append(wrapper);
    first = false;
  }
  return el;
}

/**
 * Renders a flex container (bubble or carousel). `onAction` receives the postback, message and
 * clipboard actions the user taps; uri actions are plain links.
 */
export function renderFlexContainer(container, onAction) {
  const ctx = { onAction };
  if (container?.type === "carousel") {
    const el = document.createElement("div");
    el.classList.add("flex-carousel");
    for (const bubble of container.contents ?? []) el.append(renderBubble(bubble, ctx));
    return el;
  }
  return renderBubble(container ?? {}, ctx);
}
