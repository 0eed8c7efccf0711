// "Copy" buttons next to codes: <button class="lp-copy" data-copy="CODE">.
document.addEventListener("click", function (event) {
    const button = event.target.closest(".lp-copy");
    if (!button) return;
    event.preventDefault();
    const done = function () {
        const label = button.textContent;
        button.textContent = button.dataset.copied || "✓";
        setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(button.dataset.copy).then(done);
    } else {
        const field = document.createElement("textarea");
        field.value = button.dataset.copy;
        document.body.appendChild(field);
        field.select();
        document.execCommand("copy");
        field.remove();
        done();
    }
});
