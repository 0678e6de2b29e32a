// The token editor's live preview: draws the watermark with the same module the embed player uses, plays the video
// through the staff's own session, scales the chosen frame size to fit the page, and reports static text dragged
// to a new place back to .NET.
import { mount } from "./watermark.js";
import { start as startVideo } from "./staff-video.js";

export function start(box, frame, annotations, dotnet, stream) {
    const watermark = mount(frame, annotations, {
        draggable: true,
        // The page may be gone by the time a drag ends; nothing to report then.
        onMove: (index, x, y) => dotnet.invokeMethodAsync("OnMoved", index, x, y).catch(() => { }),
    });
    const video = frame.querySelector("video");
    const player = video && stream ? startVideo(video, stream) : null;
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
        destroy() { resize.disconnect(); watermark.destroy(); player?.destroy(); },
    };
}
