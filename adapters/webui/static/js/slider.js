/*
 * Slider check (拖动滑块验证): a dependency-free widget for every
 * <div class="slider-captcha" data-captcha-new="/captcha/new"
 *      data-captcha-verify="/captcha/verify" data-field="captcha_token">.
 *
 * Protocol (JSON, same-origin credentials, header X-CSRF-Token from
 * <meta name="csrf-token">):
 *   POST data-captcha-new  -> {id, background, piece, width, height, piece_size}
 *   POST data-captcha-verify {id, x, duration_ms} -> {token} | {error:{code,message}}
 * x is the piece's left edge in background pixels (0 .. width - piece_size).
 * Pointer drags map the handle's travel (track width - handle width) linearly
 * onto 0 .. width - piece_size; each arrow key moves one background pixel
 * (Shift or PageUp/PageDown: ten), Enter releases.
 *
 * window.SliderCaptcha: init(el), initAll(scope), reset(el), ready(el) — ready
 * returns a Promise resolved once a challenge is waiting for the user (or the
 * check has passed) and rejected when the challenge could not be loaded.
 * The root carries data-sc-state: loading | ready | verifying | success | error.
 */
(function () {
  'use strict';

  if (window.SliderCaptcha) return; // the script was included twice

  // The page's language (<html lang>, set by the server): English pages get
  // the English texts, every other page the Chinese ones.
  const ENGLISH = /^en\b/i.test(document.documentElement.lang || '');
  const MSG = ENGLISH ? {
    label: 'Slide to verify',
    hint: 'Drag the slider to the right until the piece fits the gap; you can also use the arrow keys and press Enter to confirm',
    loading: 'Loading the picture…',
    loadFailed: 'The picture could not be loaded. Click "New picture" to try again',
    verifying: 'Verifying…',
    passed: 'Verified',
    failed: 'Verification failed. Please drag the slider again',
    expired: 'The check has expired. Please drag the slider again',
    network: 'Network error. Please try again later',
    refresh: 'New picture',
  } : {
    label: '拖动滑块验证',
    hint: '向右拖动滑块，使拼图块与缺口对齐；也可用方向键移动，按回车键确认',
    loading: '正在加载验证图片…',
    loadFailed: '验证图片加载失败，请点击「换一张」重试',
    verifying: '正在验证…',
    passed: '验证通过',
    failed: '验证失败，请重新拖动滑块',
    expired: '验证已过期，请重新拖动滑块',
    network: '网络异常，请稍后重试',
    refresh: '换一张',
  };
  const CHALLENGE_REFRESH_MS = 110 * 1000; // the server keeps a challenge 2 minutes
  const PASS_EXPIRE_MS = 290 * 1000; // and a pass token 5 minutes

  const widgets = new WeakMap();
  let counter = 0;

  function make(tag, cls, attrs, text) {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    Object.keys(attrs || {}).forEach((k) => el.setAttribute(k, attrs[k]));
    if (text) el.textContent = text;
    return el;
  }

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') || '' : '';
  }

  // post sends a JSON request and resolves with {ok, status, data}.
  function post(url, body) {
    const headers = { Accept: 'application/json' };
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
    const init = { method: 'POST', credentials: 'same-origin', headers: headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then((res) =>
      res.text().then((text) => {
        let data = null;
        try {
          data = text ? JSON.parse(text) : null;
        } catch (e) {
          data = null;
        }
        return { ok: res.ok, status: res.status, data: data };
      })
    );
  }

  function errorMessage(data, fallback) {
    return (data && data.error && data.error.message) || fallback;
  }

  function decoded(img) {
    return img.decode ? img.decode().catch(() => undefined) : Promise.resolve();
  }

  function Widget(root) {
    this.root = root;
    this.newURL = root.getAttribute('data-captcha-new') || '/captcha/new';
    this.verifyURL = root.getAttribute('data-captcha-verify') || '/captcha/verify';
    this.imgW = 300;
    this.maxX = 256;
    this.x = 0;
    this.id = null;
    this.state = '';
    this.drag = null;
    this.keyStart = 0;
    this.seq = 0;
    this.timer = 0;
    this.waiters = [];
    this.build(root.getAttribute('data-field') || 'captcha_token');
    this.bind();
    this.load(false);
  }

  Widget.prototype.build = function (field) {
    const n = ++counter;
    const root = this.root;
    root.classList.add('sc-root');
    this.panel = make('div', 'sc-panel');
    this.bg = make('img', 'sc-bg', { alt: '', draggable: 'false' });
    this.piece = make('img', 'sc-piece', { alt: '', draggable: 'false', 'aria-hidden': 'true' });
    this.panel.append(this.bg, this.piece, make('div', 'sc-spinner', { 'aria-hidden': 'true' }));
    this.track = make('div', 'sc-track');
    this.fill = make('div', 'sc-fill');
    this.handle = make('div', 'sc-handle', {
      role: 'slider', tabindex: '0', 'aria-label': MSG.label,
      'aria-valuemin': '0', 'aria-valuemax': String(this.maxX), 'aria-valuenow': '0',
      'aria-describedby': 'sc-hint-' + n + ' sc-status-' + n,
    });
    this.handle.append(make('span', 'sc-arrow', { 'aria-hidden': 'true' }));
    this.track.append(make('span', 'sc-label', { 'aria-hidden': 'true' }, MSG.label), this.fill, this.handle);
    this.status = make('span', 'sc-status', { id: 'sc-status-' + n, role: 'status', 'aria-live': 'polite' });
    this.refresh = make('button', 'sc-refresh', { type: 'button' }, MSG.refresh);
    const foot = make('div', 'sc-foot');
    foot.append(this.status, this.refresh);
    this.input = make('input', '', { type: 'hidden', name: field, value: '' });
    root.append(this.panel, this.track, foot,
      make('span', 'sc-sr-only', { id: 'sc-hint-' + n }, MSG.hint), this.input);
  };

  Widget.prototype.bind = function () {
    const h = this.handle;
    h.addEventListener('pointerdown', (e) => this.onDown(e));
    h.addEventListener('pointermove', (e) => this.onMove(e));
    h.addEventListener('pointerup', (e) => this.onUp(e));
    h.addEventListener('pointercancel', (e) => this.onCancel(e));
    h.addEventListener('lostpointercapture', (e) => this.onCancel(e));
    h.addEventListener('keydown', (e) => this.onKey(e));
    this.refresh.addEventListener('click', () => this.load(false));
  };

  Widget.prototype.setState = function (state) {
    this.state = state;
    this.root.setAttribute('data-sc-state', state);
    const locked = state !== 'ready';
    this.handle.setAttribute('aria-disabled', String(locked));
    this.refresh.disabled = state === 'verifying' || state === 'success';
    if (state === 'ready' || state === 'success' || state === 'error') {
      const waiters = this.waiters;
      this.waiters = [];
      waiters.forEach((w) => (state === 'error' ? w.reject(new Error(this.status.textContent)) : w.resolve(this.root)));
    }
  };

  // setStatus shows a message; tone is '', 'ok' or 'error'.
  Widget.prototype.setStatus = function (text, tone) {
    this.status.textContent = text;
    this.root.setAttribute('data-sc-tone', tone || '');
  };

  // setX moves the piece and the handle to x background pixels.
  Widget.prototype.setX = function (x) {
    this.x = Math.min(this.maxX, Math.max(0, x));
    this.root.style.setProperty('--sc-r', String(this.maxX ? this.x / this.maxX : 0));
    this.piece.style.left = (this.x / this.imgW) * 100 + '%';
    this.handle.setAttribute('aria-valuenow', String(Math.round(this.x)));
  };

  Widget.prototype.load = function (keepStatus) {
    const seq = ++this.seq;
    clearTimeout(this.timer);
    this.drag = null;
    this.keyStart = 0;
    this.id = null;
    this.input.value = '';
    this.root.classList.remove('sc-dragging');
    this.setX(0);
    this.setState('loading');
    if (!keepStatus) this.setStatus(MSG.loading, '');
    return post(this.newURL)
      .then((r) => {
        const d = r.data;
        if (!r.ok || !d || !d.id || !d.background || !d.piece) {
          throw new Error(errorMessage(d, MSG.loadFailed));
        }
        if (seq !== this.seq) return;
        const w = d.width || 300;
        const h = d.height || 150;
        const size = d.piece_size || 44;
        this.imgW = w;
        this.maxX = w - size;
        this.handle.setAttribute('aria-valuemax', String(this.maxX));
        this.panel.style.aspectRatio = w + ' / ' + h;
        this.piece.style.width = (size / w) * 100 + '%';
        this.bg.src = d.background;
        this.piece.src = d.piece;
        this.setX(0);
        return Promise.all([decoded(this.bg), decoded(this.piece)]).then(() => {
          if (seq !== this.seq) return;
          this.id = d.id;
          this.setState('ready');
          if (!keepStatus) this.setStatus('', '');
          this.timer = setTimeout(() => {
            if (this.state === 'ready' && !this.drag && !this.keyStart) this.load(false);
          }, CHALLENGE_REFRESH_MS);
        });
      })
      .catch((err) => {
        if (seq !== this.seq) return;
        this.setStatus(err && err.message && !(err instanceof TypeError) ? err.message : MSG.loadFailed, 'error');
        this.setState('error');
      });
  };

  Widget.prototype.onDown = function (e) {
    if (this.state !== 'ready' || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    const travel = this.track.getBoundingClientRect().width - this.handle.getBoundingClientRect().width;
    this.drag = {
      pointer: e.pointerId,
      startClientX: e.clientX,
      startX: this.x,
      scale: travel > 0 ? this.maxX / travel : 1,
      t0: performance.now(),
    };
    try {
      this.handle.setPointerCapture(e.pointerId);
    } catch (err) {
      /* capture is a nicety; moves still arrive over the handle */
    }
    this.root.classList.add('sc-dragging');
    this.setStatus('', '');
    this.handle.focus({ preventScroll: true });
  };

  Widget.prototype.onMove = function (e) {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointer) return;
    e.preventDefault();
    this.setX(d.startX + (e.clientX - d.startClientX) * d.scale);
  };

  Widget.prototype.onUp = function (e) {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointer) return;
    this.onMove(e);
    this.drag = null;
    this.root.classList.remove('sc-dragging');
    this.release(performance.now() - d.t0);
  };

  Widget.prototype.onCancel = function (e) {
    const d = this.drag;
    if (!d || e.pointerId !== d.pointer) return;
    this.drag = null;
    this.root.classList.remove('sc-dragging');
    this.setX(0);
  };

  Widget.prototype.onKey = function (e) {
    if (this.state !== 'ready') return;
    const big = 10;
    const step = e.shiftKey ? big : 1;
    let x = null;
    switch (e.key) {
      case 'ArrowRight': case 'ArrowUp': x = this.x + step; break;
      case 'ArrowLeft': case 'ArrowDown': x = this.x - step; break;
      case 'PageUp': x = this.x + big; break;
      case 'PageDown': x = this.x - big; break;
      case 'Home': x = 0; break;
      case 'End': x = this.maxX; break;
      case 'Enter':
        e.preventDefault();
        if (this.keyStart) this.release(performance.now() - this.keyStart);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (!this.keyStart) {
      this.keyStart = performance.now();
      this.setStatus('', '');
    }
    this.setX(Math.round(x));
  };

  // release sends the answer; a release that never left the start is ignored.
  Widget.prototype.release = function (duration) {
    this.keyStart = 0;
    if (this.state !== 'ready' || !this.id || Math.round(this.x) <= 0) {
      this.setX(0);
      return;
    }
    const seq = this.seq;
    clearTimeout(this.timer);
    this.setState('verifying');
    this.setStatus(MSG.verifying, '');
    post(this.verifyURL, { id: this.id, x: Math.round(this.x), duration_ms: Math.round(duration) })
      .then((r) => {
        if (seq !== this.seq) return;
        if (r.ok && r.data && r.data.token) {
          this.pass(r.data.token);
        } else {
          this.fail(errorMessage(r.data, MSG.failed));
        }
      })
      .catch(() => {
        if (seq === this.seq) this.fail(MSG.network);
      });
  };

  Widget.prototype.pass = function (token) {
    this.input.value = token;
    this.id = null;
    this.setState('success');
    this.setStatus(MSG.passed, 'ok');
    this.root.dispatchEvent(new CustomEvent('slidercaptcha:pass', { bubbles: true, detail: { token: token } }));
    this.timer = setTimeout(() => {
      if (this.state !== 'success') return;
      this.setStatus(MSG.expired, 'error');
      this.load(true);
    }, PASS_EXPIRE_MS);
  };

  Widget.prototype.fail = function (message) {
    const root = this.root;
    root.classList.add('sc-shake');
    setTimeout(() => root.classList.remove('sc-shake'), 500);
    this.setStatus(message, 'error');
    this.load(true);
  };

  function resolve(el) {
    return typeof el === 'string' ? document.querySelector(el) : el;
  }

  function init(el) {
    el = resolve(el);
    if (!el) throw new Error('SliderCaptcha: element not found');
    let w = widgets.get(el);
    if (!w) {
      w = new Widget(el);
      widgets.set(el, w);
    }
    return w;
  }

  function initAll(scope) {
    Array.prototype.forEach.call((scope || document).querySelectorAll('.slider-captcha'), init);
  }

  window.SliderCaptcha = {
    init: function (el) {
      init(el);
    },
    initAll: initAll,
    // reset drops the current token or challenge and loads a fresh one.
    reset: function (el) {
      return init(el).load(false);
    },
    ready: function (el) {
      const w = init(el);
      if (w.state === 'ready' || w.state === 'success') return Promise.resolve(w.root);
      if (w.state === 'error') return Promise.reject(new Error(w.status.textContent));
      return new Promise((res, rej) => w.waiters.push({ resolve: res, reject: rej }));
    },
  };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => initAll());
  } else {
    initAll();
  }
})();
