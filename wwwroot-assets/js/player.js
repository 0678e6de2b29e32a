// The embed player: mounts the token's watermark over the video, starts a playback session when the viewer presses
// play (or autoplay begins), streams the encrypted HLS, offers quality and speed menus, and puts the whole frame
// (video and watermark together) into fullscreen, never the bare video element.
import { mount } from "./watermark.js";
import { attach, keepAlive } from "./stream.js";

const frame = document.getElementById("frame");
const video = document.getElementById("video");
const startButton = document.getElementById("start");
const quality = document.getElementById("quality");
const rate = document.getElementById("rate");
const notice = document.getElementById("notice");
const config = JSON.parse(frame.dataset.config);

mount(frame, config.annotations);

let stream = null;
let heartbeat = null;
let starting = false;

function show(message) {
    notice.textContent = message;
    notice.hidden = false;
    startButton?.remove();
}

function stopPlayback(message) {
    heartbeat?.stop();
    stream?.destroy();
    stream = null;
    video.pause();
    video.removeAttribute("src");
    video.controls = false;
    frame.classList.remove("is-playing");
    show(message);
}

async function start() {
    if (stream || starting) return;
    starting = true;
    startButton?.setAttribute("disabled", "");
    let answer;
    try {
        const response = await fetch(config.start, {
            method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ticket: config.ticket }), credentials: "omit",
        });
        answer = await response.json().catch(() => ({}));
        if (!response.ok) {
            show(answer.message || "This video cannot play right now.");
            return;
        }
    } catch {
        startButton?.removeAttribute("disabled");
        show("The video could not start: the connection was lost. Reload the page to try again.");
        return;
    } finally {
        starting = false;
    }
    startButton?.remove();
    video.controls = config.controls;
    frame.classList.add("is-playing");
    stream = attach(video, answer.master, {
        onLevels: fillQuality,
        onFatal: () => stopPlayback("The video stopped. Reload the page to play it again."),
    });
    heartbeat = keepAlive(video, answer.heartbeat, answer.heartbeatSeconds, (refusal) =>
        stopPlayback(refusal.message || "This playback has ended."));
    playOrMute();
}

// Autoplay with sound may be refused; fall back to muted rather than showing nothing.
function playOrMute() {
    video.play()?.catch(() => {
        video.muted = true;
        video.play()?.catch(() => { });
    });
}

function fillQuality(levels) {
    if (!quality || levels.length < 2) return;
    for (const level of levels) {
        const option = document.createElement("option");
        option.value = String(level.index);
        option.textContent = `${level.height}p`;
        quality.appendChild(option);
    }
    quality.hidden = false;
}

quality?.addEventListener("change", () => stream?.setLevel(parseInt(quality.value, 10)));

startButton?.addEventListener("click", start);
if (config.autoplay) {
    start();
}

if (rate) {
    rate.addEventListener("change", () => { video.playbackRate = parseFloat(rate.value); });
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
