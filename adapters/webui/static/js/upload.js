/*
 * One upload control for every file field (scan, voucher, statement, invoice
 * file, advance scan, article files, logo); a progressive enhancement: without
 * this file the form posts the native file input as before, and the server
 * checks every file by its content whatever happens here.
 *
 * Each <input type="file"> becomes a drop zone: a styled 「选择文件」 button (or
 * the page's own, e.g. 「添加上传扫描件」), the chosen file's name, size and type,
 * drag-and-drop on desktop, and a message (aria-live) when a file is refused
 * here for its type (the accept list) or its size (data-max-bytes).
 */
(function () {
  'use strict';

  // The page's language (<html lang>, set by the server): English pages get
  // the English texts, every other page the Chinese ones.
  const ENGLISH = /^en\b/i.test(document.documentElement.lang || '');
  const TEXT = ENGLISH ? {
    unknownType: 'unknown type',
    listSep: ', ',
    choose: 'Choose file',
    idle: function (desktop) { return 'No file chosen' + (desktop ? ', or drop a file here' : ''); },
    badType: function (name, types) {
      return 'File "' + name + '" was not accepted: this type of file is not allowed' +
        (types ? '; please choose a ' + types + ' file' : '') + '.';
    },
    tooBig: function (name, size, max) {
      return 'File "' + name + '" was not accepted: its size ' + size + ' is over the ' + max + ' limit.';
    },
    chosen: 'Chosen: ',
  } : {
    unknownType: '未知类型',
    listSep: '、',
    choose: '选择文件',
    idle: function (desktop) { return '未选择文件' + (desktop ? '，也可将文件拖到此处' : ''); },
    badType: function (name, types) {
      return '文件「' + name + '」未被接受：文件类型不符合要求' + (types ? '，请选择 ' + types + ' 文件' : '') + '。';
    },
    tooBig: function (name, size, max) {
      return '文件「' + name + '」未被接受：大小 ' + size + '，超过 ' + max + ' 的上限。';
    },
    chosen: '已选择：',
  };

  function humanSize(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }

  function typeOf(file) {
    const dot = file.name.lastIndexOf('.');
    if (dot > 0) return file.name.slice(dot + 1).toUpperCase();
    return file.type || TEXT.unknownType;
  }

  function accepted(input, file) {
    const list = (input.getAttribute('accept') || '').split(',')
      .map(function (s) { return s.trim().toLowerCase(); })
      .filter(Boolean);
    if (!list.length) return true;
    const name = file.name.toLowerCase();
    const type = (file.type || '').toLowerCase();
    return list.some(function (a) {
      if (a.charAt(0) === '.') return name.slice(-a.length) === a;
      if (a.slice(-2) === '/*') return type.indexOf(a.slice(0, -1)) === 0;
      return type === a;
    });
  }

  function allowedTypes(input) {
    return (input.getAttribute('accept') || '').split(',')
      .map(function (s) { return s.trim(); })
      .filter(function (s) { return s.charAt(0) === '.'; })
      .map(function (s) { return s.slice(1).toUpperCase(); })
      .join(TEXT.listSep);
  }

  function enhance(input) {
    const pick = input.closest('.file-pick');
    const zone = pick || document.createElement('div');
    if (!pick) {
      input.parentNode.insertBefore(zone, input);
      zone.appendChild(input);
      const button = document.createElement('span');
      button.className = 'btn btn--ghost upload-zone__button';
      button.setAttribute('aria-hidden', 'true');
      button.textContent = TEXT.choose;
      zone.insertBefore(button, input);
    }
    zone.classList.add('upload-zone');
    input.classList.add('upload-zone__input');

    const desktop = window.matchMedia && window.matchMedia('(hover: hover) and (pointer: fine)').matches;
    const idle = TEXT.idle(desktop);
    const info = document.createElement('span');
    info.className = 'upload-zone__info';
    info.setAttribute('aria-hidden', 'true');
    info.textContent = idle;
    zone.appendChild(info);

    const message = document.createElement('p');
    message.className = 'upload-zone__message';
    message.id = input.id + '-picked';
    message.setAttribute('aria-live', 'polite');
    zone.parentNode.insertBefore(message, zone.nextSibling);
    const described = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', (described ? described + ' ' : '') + message.id);

    function show(text, refused) {
      message.textContent = text;
      zone.classList.toggle('is-refused', refused);
      message.classList.toggle('upload-zone__message--refused', refused);
    }

    input.addEventListener('change', function () {
      const file = input.files && input.files[0];
      if (!file) {
        info.textContent = idle;
        show('', false);
        return;
      }
      const max = parseInt(input.getAttribute('data-max-bytes') || '0', 10);
      if (!accepted(input, file)) {
        input.value = '';
        info.textContent = idle;
        show(TEXT.badType(file.name, allowedTypes(input)), true);
        return;
      }
      if (max > 0 && file.size > max) {
        input.value = '';
        info.textContent = idle;
        show(TEXT.tooBig(file.name, humanSize(file.size), humanSize(max)), true);
        return;
      }
      info.textContent = file.name;
      show(TEXT.chosen + file.name + ' · ' + humanSize(file.size) + ' · ' + typeOf(file), false);
    });

    ['dragenter', 'dragover'].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.add('is-dragging'); });
    });
    ['dragleave', 'drop'].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove('is-dragging'); });
    });
  }

  document.querySelectorAll('input[type="file"]').forEach(enhance);
})();
