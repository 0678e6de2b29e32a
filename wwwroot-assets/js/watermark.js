// Draws watermark annotations over a video frame. The one renderer shared by the embed player and the
// staff preview, so staff see exactly what viewers see.
//
//   const wm = mount(frameElement, annotations, { draggable: false, onMove: (index, x, y) => {} });
//   wm.update(newAnnotations); wm.destroy();
//
// An annotation is the server's player JSON (Playback/PlayerAnnotation.cs): { type: "static"|"dynamic"|"logo", text,
// color, opacity, size, x, y, interval, skip, width, moves, src, anchor }, every value final, so nothing is re-defaulted
// here. A static mark's x/y are offsets from its anchor: top-left (the published meaning), top-right, bottom-left,
// bottom-right or center. Text is always inserted with textContent, never as HTML. A logo is an <img> of the signed
// URL the server gave, `width` of the frame's width wide, placed like static text or moving like dynamic text when `moves`.

const LAYER_CLASS = "ap-watermark-layer";

export function mount(frame, annotations, options = {}) {
    const random = options.random ?? Math.random;
    const layer = document.createElement("div");
    layer.className = LAYER_CLASS;
    Object.assign(layer.style, {
        position: "absolute", inset: "0", overflow: "hidden", pointerEvents: "none", zIndex: "2147483000",
    });
    if (getComputedStyle(frame).position === "static") {
        frame.style.position = "relative";
    }
    frame.appendChild(layer);

    let items = [];
    const resize = new ResizeObserver(() => placeStatic());
    resize.observe(frame);

    function clear() {
        for (const item of items) {
            clearTimeout(item.timer);
            item.element.remove();
        }
        items = [];
    }

    function render(list) {
        clear();
        (list ?? []).forEach((annotation, index) => {
            const logo = annotation.type === "logo";
            const element = logo ? document.createElement("img") : document.createElement("span");
            element.dataset.watermarkIndex = String(index);
            element.dataset.watermarkType = annotation.type === "dynamic" || (logo && annotation.moves) ? "dynamic" : "static";
            if (logo) {
                element.alt = "";
                element.draggable = false;
                element.dataset.watermarkLogo = "true";
                Object.assign(element.style, { position: "absolute", opacity: String(annotation.opacity), userSelect: "none", height: "auto" });
                element.addEventListener("load", () => placeStatic());
                element.src = annotation.src;
            } else {
                element.textContent = annotation.text;
                Object.assign(element.style, {
                    position: "absolute",
                    whiteSpace: "pre",
                    lineHeight: "1",
                    fontFamily: "Arial, Helvetica, sans-serif",
                    fontSize: `${annotation.size}px`,
                    color: annotation.color,
                    opacity: String(annotation.opacity),
                    userSelect: "none",
                    // A soft outline keeps light text readable on bright frames and dark text on dark ones.
                    textShadow: "0 0 2px rgba(0, 0, 0, .55), 0 0 1px rgba(255, 255, 255, .35)",
                });
            }
            layer.appendChild(element);
            const item = { annotation, element, timer: 0 };
            items.push(item);
            if (element.dataset.watermarkType === "dynamic") {
                cycle(item);
            } else if (options.draggable) {
                makeDraggable(item, index);
            }
        });
        placeStatic();
    }

    // Static marks sit at x/y from their anchor, pulled back inside when the frame is smaller.
    // Logos are sized to their share of the frame first, so a resized frame resizes them.
    function placeStatic() {
        const width = frame.clientWidth;
        for (const item of items) {
            if (item.annotation.type === "logo") item.element.style.width = `${Math.max(1, Math.round(item.annotation.width * width))}px`;
        }
        for (const item of items) {
            if (item.element.dataset.watermarkType !== "static") continue;
            const { left, top } = position(item.annotation, item.element);
            item.element.style.left = `${left}px`;
            item.element.style.top = `${top}px`;
        }
    }

    function room(element) {
        return { w: Math.max(0, frame.clientWidth - element.offsetWidth), h: Math.max(0, frame.clientHeight - element.offsetHeight) };
    }

    function position(annotation, element) {
        const { w, h } = room(element);
        const anchor = annotation.anchor ?? "top-left";
        const left = anchor === "center" ? w / 2 + annotation.x : anchor.endsWith("right") ? w - annotation.x : annotation.x;
        const top = anchor === "center" ? h / 2 + annotation.y : anchor.startsWith("bottom") ? h - annotation.y : annotation.y;
        return { left: Math.round(clamp(left, 0, w)), top: Math.round(clamp(top, 0, h)) };
    }

    // The inverse: the offsets from the anchor that put the text at left/top (never negative, as the API takes them).
    function offsets(annotation, element, left, top) {
        const { w, h } = room(element);
        const anchor = annotation.anchor ?? "top-left";
        const x = anchor === "center" ? left - w / 2 : anchor.endsWith("right") ? w - left : left;
        const y = anchor === "center" ? top - h / 2 : anchor.startsWith("bottom") ? h - top : top;
        return { x: Math.max(0, Math.round(x)), y: Math.max(0, Math.round(y)) };
    }

    // Dynamic text: shown at a random spot for `interval` ms, hidden for `skip` ms, then again elsewhere.
    function cycle(item) {
        const { interval, skip } = item.annotation;
        const show = () => {
            const maxX = Math.max(0, frame.clientWidth - item.element.offsetWidth);
            const maxY = Math.max(0, frame.clientHeight - item.element.offsetHeight);
            item.element.style.left = `${Math.floor(random() * (maxX + 1))}px`;
            item.element.style.top = `${Math.floor(random() * (maxY + 1))}px`;
            item.element.style.visibility = "visible";
            item.timer = setTimeout(skip > 0 ? hide : show, interval);
        };
        const hide = () => {
            item.element.style.visibility = "hidden";
            item.timer = setTimeout(show, skip);
        };
        show();
    }

    function makeDraggable(item, index) {
        const element = item.element;
        element.style.pointerEvents = "auto";
        element.style.touchAction = "none"; // a finger drags the text instead of scrolling the page
        element.style.cursor = "move";
        element.style.outline = "1px dashed rgba(255,255,255,.6)";
        element.addEventListener("pointerdown", (down) => {
            down.preventDefault();
            element.setPointerCapture(down.pointerId);
            const startX = down.clientX, startY = down.clientY;
            // A preview may be CSS-scaled to fit; pointer moves are in screen pixels, positions in frame pixels.
            const scale = frame.getBoundingClientRect().width / (frame.offsetWidth || 1) || 1;
            const originX = element.offsetLeft, originY = element.offsetTop;
            const move = (event) => {
                const left = clamp(Math.round(originX + (event.clientX - startX) / scale), 0, Math.max(0, frame.clientWidth - element.offsetWidth));
                const top = clamp(Math.round(originY + (event.clientY - startY) / scale), 0, Math.max(0, frame.clientHeight - element.offsetHeight));
                item.annotation = { ...item.annotation, ...offsets(item.annotation, element, left, top) };
                const placed = position(item.annotation, element);
                element.style.left = `${placed.left}px`;
                element.style.top = `${placed.top}px`;
            };
            const up = () => {
                element.removeEventListener("pointermove", move);
                element.removeEventListener("pointerup", up);
                element.removeEventListener("pointercancel", up);
                options.onMove?.(index, item.annotation.x, item.annotation.y);
            };
            element.addEventListener("pointermove", move);
            element.addEventListener("pointerup", up);
            element.addEventListener("pointercancel", up);
        });
    }

    render(annotations);
    return {
        update(list) { render(list); },
        destroy() { clear(); resize.disconnect(); layer.remove(); },
    };
}

function clamp(value, min, max) {
    return Math.min(Math.max(value, min), max);
}
