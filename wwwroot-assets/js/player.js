// The embed player: mounts the token's watermark over the video, offers the allowed speeds, and puts the
// whole frame (video and watermark together) into fullscreen, never the bare video element.
import { mount } from "./watermark.js";

const frame = document.getElementById("frame");
const video = document.getElementById("video");
const annotations = JSON.parse(document.getElementById("annotations")?.textContent || "[]");

mount(frame, annotations);

const rate = document.getElementById("rate");
if (rate) {
    rate.addEventListener("change", () => {
        const value = parseFloat(rate.value);
        if (value >= 0.5 && value <= 4) {
            video.playbackRate = value;
        }
    });
    // Keep the menu truthful if the rate changes by other means.
    video.addEventListener("ratechange", () => { rate.value = String(video.playbackRate); });
}

function toggleFullscreen() {
    if (document.fullscreenElement) {
        document.exitFullscreen?.();
    } else {
        frame.requestFullscreen?.().catch(() => { /* refused by the browser or the embedding page */ });
    }
}

document.getElementById("fullscreen")?.addEventListener("click", toggleFullscreen);
frame.addEventListener("dblclick", (event) => {
    event.preventDefault();
    toggleFullscreen();
});
document.addEventListener("fullscreenchange", () => {
    frame.classList.toggle("is-fullscreen", document.fullscreenElement === frame);
});

// Autoplay with sound may be refused; fall back to muted rather than showing nothing.
if (video.autoplay && video.paused) {
    video.play()?.catch(() => {
        video.muted = true;
        video.play()?.catch(() => { });
    });
}
