// Plays a session's encrypted HLS stream: hls.js where the browser has Media Source Extensions, else the browser's
// own HLS (Safari on iPhone). Also keeps the session alive with heartbeats. Shared by the embed player and staff previews.
import Hls from "../lib/hls.js/hls.light.min.mjs";

const NATIVE_HLS = "application/vnd.apple.mpegurl";

// attach(video, masterUrl, { onLevels(levels), onFatal(kind) }) -> { setLevel(index), destroy() }
// levels: [{ index, height }] from highest to lowest; setLevel(-1) is automatic.
export function attach(video, masterUrl, handlers = {}) {
    if (Hls.isSupported()) {
        // No worker: the strict CSP allows scripts from our origin only, and short segments transmux quickly.
        const hls = new Hls({ enableWorker: false, startLevel: -1, capLevelToPlayerSize: false });
        hls.on(Hls.Events.MANIFEST_PARSED, () => {
            handlers.onLevels?.(hls.levels
                .map((level, index) => ({ index, height: level.height }))
                .sort((a, b) => b.height - a.height));
        });
        hls.on(Hls.Events.ERROR, (_, data) => {
            // hls.js retries what can be retried; a fatal error (e.g. the key refused to an ended session) stops the stream.
            if (data.fatal) {
                handlers.onFatal?.(data.details);
            }
        });
        hls.loadSource(masterUrl);
        hls.attachMedia(video);
        return {
            setLevel(index) { hls.currentLevel = index; hls.nextLevel = index; },
            get currentLevel() { return hls.currentLevel; },
            destroy() { hls.destroy(); },
        };
    }
    if (video.canPlayType(NATIVE_HLS)) {
        video.src = masterUrl;
        video.addEventListener("error", () => handlers.onFatal?.("media"), { once: true });
        return {
            setLevel() { },
            get currentLevel() { return -1; },
            destroy() { video.removeAttribute("src"); video.load(); },
        };
    }
    handlers.onFatal?.("unsupported");
    return { setLevel() { }, get currentLevel() { return -1; }, destroy() { } };
}

// keepAlive(video, heartbeatUrl, seconds, onRefused(answer)) -> { stop(), close() }
// Sends the playhead and the seconds played: every `seconds` while playing, and at pause, end and page hide.
export function keepAlive(video, heartbeatUrl, seconds, onRefused) {
    let watched = 0;
    let last = video.currentTime;
    let stopped = false;
    const onTime = () => {
        const delta = video.currentTime - last;
        if (!video.paused && delta > 0 && delta < 2) watched += delta;
        last = video.currentTime;
    };
    const body = (ended) => JSON.stringify({ position: video.currentTime || 0, watched, ended });
    const send = async () => {
        if (stopped) return;
        try {
            const response = await fetch(heartbeatUrl, {
                method: "POST", headers: { "Content-Type": "application/json" }, body: body(false), credentials: "omit",
            });
            if (response.ok) {
                // A beat that crossed this player's own close: nothing more to send.
                if ((await response.json().catch(() => ({}))).state === "closed") stop();
            } else if (response.status !== 400) {
                const answer = await response.json().catch(() => ({}));
                stop();
                onRefused?.(answer);
            }
        } catch { /* offline for a moment: the next beat tries again */ }
    };
    const timer = setInterval(() => { if (!video.paused) send(); }, seconds * 1000);
    const onPause = () => send();
    const onPlay = () => send();
    const onHide = () => close();
    video.addEventListener("timeupdate", onTime);
    video.addEventListener("pause", onPause);
    video.addEventListener("play", onPlay);
    window.addEventListener("pagehide", onHide);
    function stop() {
        stopped = true;
        clearInterval(timer);
        video.removeEventListener("timeupdate", onTime);
        video.removeEventListener("pause", onPause);
        video.removeEventListener("play", onPlay);
        window.removeEventListener("pagehide", onHide);
    }
    // The page is going away: say so, so the session ends now rather than after its silence limit.
    function close() {
        if (stopped) return;
        const blob = new Blob([body(true)], { type: "application/json" });
        navigator.sendBeacon?.(heartbeatUrl, blob);
        stop();
    }
    return { stop, close };
}
