// Uploads a video from the upload dialog with XMLHttpRequest, so the dialog can show progress and cancel.
// A thumbnail is captured first from a frame of the chosen file; when the browser cannot decode the file,
// the video is uploaded without one.

let current = null;

/** Name and size of the chosen file, or null. */
export function describe(input) {
    const file = input?.files?.[0];
    return file ? { name: file.name, size: file.size } : null;
}

/** Starts the upload; progress and the outcome come back through OnProgress and OnFinished on `dotnet`. */
export async function start(input, url, title, antiforgeryToken, dotnet) {
    const file = input?.files?.[0];
    if (!file) {
        return false;
    }
    const xhr = new XMLHttpRequest();
    current = xhr;
    const thumbnail = await captureThumbnail(file);
    if (current !== xhr) {
        return false; // cancelled while the thumbnail was being taken
    }

    const form = new FormData();
    form.append("title", title ?? "");
    form.append("file", file, file.name);
    if (thumbnail) {
        form.append("thumbnail", thumbnail, "thumbnail.jpg");
    }

    let lastReport = 0;
    xhr.upload.addEventListener("progress", (event) => {
        const now = performance.now();
        // A few updates a second are plenty for a progress bar and spare the circuit.
        if (event.lengthComputable && (now - lastReport > 250 || event.loaded === event.total)) {
            lastReport = now;
            dotnet.invokeMethodAsync("OnProgress", event.loaded, event.total);
        }
    });
    const finish = (status, body) => {
        if (current === xhr) {
            current = null;
        }
        dotnet.invokeMethodAsync("OnFinished", status, body ?? "");
    };
    xhr.addEventListener("load", () => {
        // An ended session is answered with a redirect to the sign-in page, which XHR follows silently.
        if (xhr.responseURL.includes("/Account/Login")) {
            finish(401, JSON.stringify({ detail: "Your session has ended. Sign in again, then upload the video." }));
        } else {
            finish(xhr.status, xhr.responseText);
        }
    });
    xhr.addEventListener("error", () => finish(0, ""));
    xhr.addEventListener("abort", () => finish(-1, ""));
    xhr.open("POST", url);
    xhr.setRequestHeader("RequestVerificationToken", antiforgeryToken ?? "");
    xhr.send(form);
    return true;
}

export function cancel() {
    const xhr = current;
    current = null;
    if (xhr && xhr.readyState !== XMLHttpRequest.UNSENT) {
        xhr.abort();
    }
}

/** A JPEG of a frame about a second in (at most 640 px wide), or null when the file cannot be decoded here. */
function captureThumbnail(file) {
    return new Promise((resolve) => {
        const url = URL.createObjectURL(file);
        const video = document.createElement("video");
        video.muted = true;
        video.playsInline = true;
        video.preload = "auto";
        let settled = false;
        const done = (blob) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            video.removeAttribute("src");
            video.load();
            URL.revokeObjectURL(url);
            resolve(blob);
        };
        const timer = setTimeout(() => done(null), 8000);
        video.addEventListener("error", () => done(null));
        video.addEventListener("loadedmetadata", () => {
            const duration = Number.isFinite(video.duration) ? video.duration : 0;
            video.currentTime = Math.min(1, duration / 2);
        });
        video.addEventListener("seeked", () => {
            const width = video.videoWidth, height = video.videoHeight;
            if (!width || !height) {
                done(null);
                return;
            }
            const scale = Math.min(1, 640 / width);
            const canvas = document.createElement("canvas");
            canvas.width = Math.round(width * scale);
            canvas.height = Math.round(height * scale);
            try {
                canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
                canvas.toBlob((blob) => done(blob), "image/jpeg", 0.85);
            } catch {
                done(null);
            }
        });
        video.src = url;
    });
}
