// Ticks off the password rules listed beside a new-password field as the staff member types.
// The server checks the same rules (Identity's password options); this only shows progress.
(() => {
    const checks = {
        length: (value, item) => value.length >= Number(item.dataset.min),
        upper: value => /\p{Lu}/u.test(value),
        lower: value => /\p{Ll}/u.test(value),
        digit: value => /\d/.test(value),
        symbol: value => /[^\p{L}\p{N}]/u.test(value),
        unique: (value, item) => new Set(value).size >= Number(item.dataset.min),
    };

    document.addEventListener('input', event => {
        const input = event.target;
        if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-password-input')) {
            return;
        }
        const list = input.form?.querySelector('[data-password-rules]');
        for (const item of list?.querySelectorAll('li[data-rule]') ?? []) {
            const check = checks[item.dataset.rule];
            item.classList.toggle('met', Boolean(check && check(input.value, item)));
        }
    });
})();
