// The bridge between the wasm client and the page (web/app.js defines MawidShell).
// Kept thin: it converts strings and GL handles; the DOM work lives in web/app.js.
// Strings handed to C++ are malloc'd here and freed by C++.

mergeInto(LibraryManager.library, {
  $mawidStr: function(s) {
    return (s === null || s === undefined) ? 0 : allocateUTF8(String(s));
  },

  // Lets the page shell hand strings to C++ the same way the bridge does.
  mawid_js_install__deps: ['$mawidStr'],
  mawid_js_install: function() { MawidShell.cstr = mawidStr; },

  // imgui_impl_opengl3 saves and restores GL state around every frame. Chrome answers
  // getParameter(SCISSOR_BOX) and the blend parameters with a synchronous round trip to
  // the GPU process, which waits for the previous frame to finish rasterising: measured
  // 20-45 ms per frame with SwiftShader. The app owns this context, so those values are
  // answered from what was last set, and the GPU is never waited for.
  mawid_js_shadow_gl_state__deps: ['$GL'],
  mawid_js_shadow_gl_state: function() {
    var gl = GLctx;
    var shadowed = [gl.SCISSOR_BOX, gl.VIEWPORT, gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB,
                    gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA, gl.BLEND_EQUATION_RGB,
                    gl.BLEND_EQUATION_ALPHA];
    var state = {};
    var getParameter = gl.getParameter.bind(gl);
    shadowed.forEach(function(p) { state[p] = getParameter(p); });
    function wrap(name, after) {
      var f = gl[name].bind(gl);
      gl[name] = function(a, b, c, d) { f(a, b, c, d); after(a, b, c, d); };
    }
    wrap('scissor', function(x, y, w, h) { state[gl.SCISSOR_BOX] = new Int32Array([x, y, w, h]); });
    wrap('viewport', function(x, y, w, h) { state[gl.VIEWPORT] = new Int32Array([x, y, w, h]); });
    wrap('blendFunc', function(s, d) {
      state[gl.BLEND_SRC_RGB] = state[gl.BLEND_SRC_ALPHA] = s;
      state[gl.BLEND_DST_RGB] = state[gl.BLEND_DST_ALPHA] = d;
    });
    wrap('blendFuncSeparate', function(sr, dr, sa, da) {
      state[gl.BLEND_SRC_RGB] = sr; state[gl.BLEND_DST_RGB] = dr;
      state[gl.BLEND_SRC_ALPHA] = sa; state[gl.BLEND_DST_ALPHA] = da;
    });
    wrap('blendEquation', function(m) { state[gl.BLEND_EQUATION_RGB] = state[gl.BLEND_EQUATION_ALPHA] = m; });
    wrap('blendEquationSeparate', function(r, a) {
      state[gl.BLEND_EQUATION_RGB] = r; state[gl.BLEND_EQUATION_ALPHA] = a;
    });
    gl.getParameter = function(p) { return (p in state) ? state[p] : getParameter(p); };
  },

  mawid_js_frame_time: function(cpuMs, submitMs) { MawidShell.frameTime(cpuMs, submitMs); },

  mawid_js_text__deps: ['$GL'],
  mawid_js_text: function(text, size, bold, rtl, maxWidth, dpr, lang, outW, outH) {
    var r = MawidShell.drawText(UTF8ToString(text), size, !!bold, !!rtl, maxWidth, dpr,
                                UTF8ToString(lang));
    var tex = GLctx.createTexture();
    var id = GL.getNewId(GL.textures);
    tex.name = id;
    GL.textures[id] = tex;
    GLctx.bindTexture(GLctx.TEXTURE_2D, tex);
    GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_MIN_FILTER, GLctx.LINEAR);
    GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_MAG_FILTER, GLctx.LINEAR);
    GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_WRAP_S, GLctx.CLAMP_TO_EDGE);
    GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_WRAP_T, GLctx.CLAMP_TO_EDGE);
    GLctx.pixelStorei(GLctx.UNPACK_ALIGNMENT, 4);
    GLctx.texImage2D(GLctx.TEXTURE_2D, 0, GLctx.RGBA, GLctx.RGBA, GLctx.UNSIGNED_BYTE, r.canvas);
    HEAPF32[outW >> 2] = r.width;
    HEAPF32[outH >> 2] = r.height;
    return id;
  },

  mawid_js_free_texture__deps: ['$GL'],
  mawid_js_free_texture: function(id) {
    var tex = GL.textures[id];
    if (!tex) return;
    GLctx.deleteTexture(tex);
    tex.name = 0;
    GL.textures[id] = null;
  },

  mawid_js_fetch__deps: ['$mawidStr'],
  mawid_js_fetch: function(request, method, url, body, headers) {
    var init = {method: UTF8ToString(method), headers: JSON.parse(UTF8ToString(headers) || '{}'),
                cache: 'no-store'};
    var b = UTF8ToString(body);
    if (b) init.body = b;
    MawidShell.fetch(UTF8ToString(url), init, function(status, text, etag, retryAfter) {
      _mawid_on_fetch(request, status, mawidStr(text), mawidStr(etag || ''), retryAfter | 0);
    });
  },

  mawid_js_online: function() { return MawidShell.online() ? 1 : 0; },

  mawid_js_load__deps: ['$mawidStr'],
  mawid_js_load: function(key) { return mawidStr(MawidShell.load(UTF8ToString(key))); },

  mawid_js_save: function(key, value) { MawidShell.save(UTF8ToString(key), UTF8ToString(value)); },

  mawid_js_idb_get__deps: ['$mawidStr'],
  mawid_js_idb_get: function(request, key) {
    MawidShell.idbGet(UTF8ToString(key), function(value) {
      _mawid_on_idb(request, value === null ? 0 : mawidStr(value));
    });
  },

  mawid_js_idb_put: function(key, value) { MawidShell.idbPut(UTF8ToString(key), UTF8ToString(value)); },
  mawid_js_idb_delete: function(key) { MawidShell.idbDelete(UTF8ToString(key)); },

  mawid_js_language_index__deps: ['$mawidStr'],
  mawid_js_language_index: function() { return mawidStr(MawidShell.languageIndex()); },

  mawid_js_load_table__deps: ['$mawidStr'],
  mawid_js_load_table: function(lang) {
    MawidShell.loadTable(UTF8ToString(lang), function(tag, json) {
      _mawid_on_table(mawidStr(tag), mawidStr(json));
    });
  },

  mawid_js_set_document_language: function(lang, rtl) {
    MawidShell.setDocumentLanguage(UTF8ToString(lang), !!rtl);
  },

  mawid_js_input_begin_frame: function() { MawidShell.inputBeginFrame(); },
  mawid_js_place_input: function(field, x, y, w, h, kind, rtl, value, label, invalid) {
    MawidShell.placeInput(field, x, y, w, h, kind, !!rtl, UTF8ToString(value), UTF8ToString(label), !!invalid);
  },
  mawid_js_input_end_frame: function() { MawidShell.inputEndFrame(); },
  mawid_js_blur_inputs: function() { MawidShell.blurInputs(); },

  mawid_js_publish_widgets: function(json) { MawidShell.publishWidgets(UTF8ToString(json)); },
  mawid_js_mark_interactive: function() { MawidShell.markInteractive(); },

  mawid_js_geolocate: function(request) {
    MawidShell.geolocate(function(ok, lat, lon) { _mawid_on_geo(request, ok ? 1 : 0, lat, lon); });
  },

  mawid_js_download: function(filename, mime, content) {
    MawidShell.download(UTF8ToString(filename), UTF8ToString(mime), UTF8ToString(content));
  },
  mawid_js_share: function(title, text) { MawidShell.share(UTF8ToString(title), UTF8ToString(text)); },

  mawid_js_show_fatal: function(key) { MawidShell.showFatal(UTF8ToString(key)); },
  mawid_js_history_push: function() { MawidShell.historyPush(); },
  mawid_js_history_back: function() { MawidShell.historyBack(); },

  mawid_js_query_parameter__deps: ['$mawidStr'],
  mawid_js_query_parameter: function(name) {
    return mawidStr(new URLSearchParams(location.search).get(UTF8ToString(name)) || '');
  },

  mawid_js_navigate: function(url) { MawidShell.navigate(UTF8ToString(url)); },

  mawid_js_random_key__deps: ['$mawidStr'],
  mawid_js_random_key: function() { return mawidStr(MawidShell.randomKey()); },
});
