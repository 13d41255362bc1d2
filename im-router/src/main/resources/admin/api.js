// The admin API: JSON over fetch, the token as a bearer token on every call.

export class ApiError extends Error {
  constructor(status, code, message, param) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.param = param;
  }
}

export class AdminApi {
  constructor(token, base = '') {
    this.token = token;
    this.base = base;
  }

  async call(method, path, body) {
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let resp;
    try {
      resp = await fetch(`${this.base}/admin/api/${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, 'unreachable', 'the router does not answer');
    }
    if (resp.status === 204) return null;
    let json = null;
    try {
      json = await resp.json();
    } catch {
      // not JSON: keep null
    }
    if (!resp.ok) throw new ApiError(resp.status, json?.error, json?.message, json?.param);
    return json;
  }

  domains() { return this.call('GET', 'domains'); }
  create(domain, limits) { return this.call('POST', 'domains', limits ? { domain, limits } : { domain }); }
  rotate(domain, overlapSeconds) {
    return this.call('POST', `domains/${encodeURIComponent(domain)}/rotate`,
      overlapSeconds === undefined ? undefined : { overlap_seconds: overlapSeconds });
  }
  setLimits(domain, limits) { return this.call('PUT', `domains/${encodeURIComponent(domain)}/limits`, limits); }
  setEnabled(domain, on) { return this.call('POST', `domains/${encodeURIComponent(domain)}/${on ? 'enable' : 'disable'}`); }
  remove(domain) { return this.call('DELETE', `domains/${encodeURIComponent(domain)}`); }
  nodes() { return this.call('GET', 'nodes'); }
  stats() { return this.call('GET', 'stats'); }
}
