import { negotiateAuthorization, type LoginInput } from '../credentials/registry-login';
import { pushErrors } from './push-errors';
import type { PushHttp, PushRequest } from './push-http';

/**
 * The login of one push: negotiated once (Basic, or a Bearer token scoped to the repository), then
 * added to every request. A 401 on a Bearer registry means the token expired: log in again once.
 * Any other 401/403 means this login may not push here.
 */
export class PushSession {
  private authorization: string | null = null;

  constructor(
    private readonly http: PushHttp,
    private readonly login: LoginInput | null,
    private readonly repository: string,
    /** Registers a secret learnt during the login (the bearer token) with the redactors. */
    private readonly remember: (secret: string) => void,
  ) {}

  async start(): Promise<void> {
    if (!this.login) {
      const probe = await this.http.send('GET', '/v2/');
      if (probe.status === 401) throw pushErrors.loginNeeded(this.http.registry);
      this.http.expectOk(probe, 'GET /v2/');
      return;
    }
    this.authorization = await negotiateAuthorization(this.http, this.login);
    // The token is as secret as the password it was bought with.
    if (this.authorization?.startsWith('Bearer ')) this.remember(this.authorization.slice(7));
  }

  /** The request with this push's login; 401/403 become AUTH_FAILED naming the phase. */
  async call(req: Omit<PushRequest, 'authorization'>): Promise<Response> {
    let res = await this.http.request({ ...req, authorization: this.authorization });
    if (res.status === 401 && this.authorization?.startsWith('Bearer ')) {
      await this.start();
      res = await this.http.request({ ...req, authorization: this.authorization });
    }
    if (res.status === 401 || res.status === 403) {
      throw pushErrors.refused(this.http.registry, this.repository, req.phase, res.status);
    }
    return res;
  }
}
