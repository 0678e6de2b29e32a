// A staff preview of a video (video page, token editor): the same encrypted HLS pipeline as viewers, through a
// staff session the server opened for this page.
import { attach, keepAlive } from "./stream.js";

export function start(video, stream) {
    const player = attach(video, stream.master, {});
    const alive = keepAlive(video, stream.heartbeat, stream.heartbeatSeconds, () => player.destroy());
    return {
        destroy() { alive.close(); player.destroy(); },
    };
}
