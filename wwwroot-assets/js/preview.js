// The token editor's live preview: draws the watermark with the same module the embed player uses,
// scales the chosen frame size to fit the page, and reports static text dragged to a new place back to .NET.
import { mount } from "./watermark.js";

export function start(box, frame, annotations, dotnet) {
    const watermark = mount(frame, annotations, {
        draggable: true,
        // The page may be gone by the time a drag ends; nothing to report then.
        onMove: (index, x, y) => dotnet.invokeMethodAsync("OnMoved", index, x, y).catch(() => { }),
    });
    // The frame keeps its real pixel size so static x/y land as they will for viewers; only its picture is scaled.
    const fit = () => {
        const scale = Math.min(1, box.clientWidth / frame.offsetWidth);
        frame.style.transform = `scale(${scale})`;
        box.style.height = `${Math.ceil(frame.offsetHeight * scale)}px`;
    };
    const resize = new ResizeObserver(fit);
    resize.observe(box);
    fit();
    return {
        update(list) { watermark.update(list); },
        fit() { fit(); },
        destroy() { resize.disconnect(); watermark.destroy(); },
    };
}
