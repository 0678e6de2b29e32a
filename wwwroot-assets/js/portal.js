// Small helpers the portal's components call through JS interop.

// Where the caret is in a text field (its selection start), so a placeholder chip inserts there.
window.apCaret = (selector) => {
    const field = document.querySelector(selector);
    return field && typeof field.selectionStart === "number" ? field.selectionStart : null;
};

// The browser's time zone, for the server to show times in (read from this cookie on each page load; see TimeDisplay).
(() => {
    try {
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (zone) {
            document.cookie = `portal-tz=${zone}; path=/; max-age=31536000; samesite=lax`;
        }
    } catch {
        // No Intl time zone support: times stay in UTC.
    }
})();

window.apTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || null;
