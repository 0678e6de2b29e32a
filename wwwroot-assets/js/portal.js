// Small helpers the portal's components call through JS interop.

// Where the caret is in a text field (its selection start), so a placeholder chip inserts there.
window.apCaret = (selector) => {
    const field = document.querySelector(selector);
    return field && typeof field.selectionStart === "number" ? field.selectionStart : null;
};
