// Keeps what a practitioner types from being lost to the 30-minute idle sign-out.
// - Typing pings the server (at most once every five minutes), which renews the session;
//   an abandoned page still times out.
// - Two minutes before the session would end, a dialog warns (GOV.UK timeout warning
//   pattern) and offers to stay signed in. If nobody answers, the page's answers are saved
//   to the draft and the practitioner is signed out, then told how to carry on.
// - If a ping finds the session already over, the page says so at once: a sign-in link
//   brings the practitioner back to this page of the draft.
const PING_EVERY_MS = 5 * 60 * 1000
// The server renews a session at most once a minute: count a renewal a minute early.
const SLACK_MS = 60 * 1000
const form = document.querySelector('form[data-keep-alive]')
const dialog = document.getElementById('session-timeout')
const signedOut = document.getElementById('signed-out')

if (form) {
  const timeoutMs = Number(dialog ? dialog.dataset.timeoutSeconds : 0) * 1000
  const warnMs = Number(dialog ? dialog.dataset.warningSeconds : 0) * 1000
  let deadline = Date.now() + timeoutMs - SLACK_MS
  let lastPing = Date.now()
  let ended = false

  const csrf = () => {
    const input = form.querySelector('input[name="csrfmiddlewaretoken"]')
    return input ? input.value : ''
  }

  const isSignedOut = (response) =>
    response.status === 401 || response.url.includes('/accounts/login/')

  const showSignedOut = (saved) => {
    ended = true
    if (dialog && dialog.open) dialog.close()
    if (!signedOut) return
    signedOut.querySelector('[data-saved]').hidden = !saved
    signedOut.querySelector('[data-not-saved]').hidden = saved
    signedOut.hidden = false
    signedOut.focus()
  }

  const ping = () => {
    lastPing = Date.now()
    return fetch(form.dataset.keepAlive, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRFToken': csrf() }
    }).then((response) => {
      if (isSignedOut(response)) {
        showSignedOut(false)
      } else if (response.ok) {
        deadline = Date.now() + timeoutMs - SLACK_MS
      }
    }).catch(() => {})
  }

  // Save this page's answers to the draft ("Save and come back later"), then sign out.
  const saveAndSignOut = async () => {
    ended = true
    let saved = false
    if (form.hasAttribute('data-autosave')) {
      const body = new FormData(form)
      body.append('later', '')
      try {
        const response = await fetch(form.action || window.location.href, {
          method: 'POST', body, credentials: 'same-origin'
        })
        saved = response.ok && !isSignedOut(response)
      } catch (error) {}
    }
    const out = new FormData()
    out.append('csrfmiddlewaretoken', csrf())
    try {
      await fetch('/accounts/logout/', { method: 'POST', body: out, credentials: 'same-origin' })
    } catch (error) {}
    showSignedOut(saved)
  }

  const countdown = dialog ? dialog.querySelector('[data-countdown]') : null
  const announce = dialog ? dialog.querySelector('[data-announce]') : null
  const words = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000))
    if (seconds > 60) return `${Math.ceil(seconds / 60)} minutes`
    return seconds === 1 ? '1 second' : `${seconds} seconds`
  }

  const tick = () => {
    if (ended) return
    const left = deadline - Date.now()
    if (left <= 0) {
      // Asleep past the end (a closed laptop): the session is gone, nothing can be saved.
      if (left < -SLACK_MS) return showSignedOut(false)
      saveAndSignOut()
      return
    }
    if (dialog && left <= warnMs) {
      if (!dialog.open) {
        dialog.showModal()
        if (announce) announce.textContent = `You will be signed out in ${words(left)}.`
      }
      if (countdown) countdown.textContent = words(left)
      const seconds = Math.ceil(left / 1000)
      if (announce && seconds % 30 === 0) {
        announce.textContent = `You will be signed out in ${words(left)}.`
      }
    }
  }
  setInterval(tick, 1000)

  if (dialog) {
    dialog.querySelector('[data-stay]').addEventListener('click', () => {
      dialog.close()
      ping()
    })
    // Escape closes the dialog as "stay signed in" does.
    dialog.addEventListener('cancel', () => { ping() })
  }

  form.addEventListener('input', () => {
    if (ended || Date.now() - lastPing < PING_EVERY_MS) return
    ping()
  })
}
