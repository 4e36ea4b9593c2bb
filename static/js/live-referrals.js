// New urgent referrals, shown on the referral queue and the dashboard without a reload. The
// region is a polite live region, so screen readers announce what is added without
// interrupting. Without JavaScript the page is simply as it was drawn.
//
// Every poll is a request, and every request renews the 30-minute idle timeout: polling
// stops once nobody has touched the page for IDLE_MS, so an abandoned page still times out.
const IDLE_MS = 25 * 60 * 1000
const region = document.querySelector('[data-live-referrals]')

if (region) {
  const everyMs = Number(region.dataset.everySeconds || 20) * 1000
  let after = region.dataset.after || '0'
  let lastTouched = Date.now()
  for (const event of ['keydown', 'pointerdown', 'scroll', 'focusin']) {
    window.addEventListener(event, () => { lastTouched = Date.now() }, { passive: true })
  }

  const check = async () => {
    if (Date.now() - lastTouched > IDLE_MS) return
    try {
      const response = await fetch(`${region.dataset.url}?after=${encodeURIComponent(after)}`, {
        credentials: 'same-origin',
        headers: { Accept: 'text/html' }
      })
      if (!response.ok || response.redirected) return // signed out: stop asking
      after = response.headers.get('X-Latest-Referral') || after
      const html = (await response.text()).trim()
      if (html) region.insertAdjacentHTML('afterbegin', html)
    } catch (error) {
      // The network dropped: try again at the next turn.
    }
    setTimeout(check, everyMs)
  }
  setTimeout(check, everyMs)
}
