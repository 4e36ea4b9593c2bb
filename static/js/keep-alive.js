// While someone is typing into a long form, keep their session alive so that what they typed
// is not lost to the 30-minute idle timeout. No typing, no pings: an abandoned page still
// times out. At most one ping every five minutes.
const PING_EVERY_MS = 5 * 60 * 1000
const form = document.querySelector('form[data-keep-alive]')

if (form) {
  let lastPing = Date.now()
  form.addEventListener('input', () => {
    if (Date.now() - lastPing < PING_EVERY_MS) return
    lastPing = Date.now()
    const token = form.querySelector('input[name="csrfmiddlewaretoken"]')
    fetch(form.dataset.keepAlive, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRFToken': token ? token.value : '' }
    }).catch(() => {})
  })
}
