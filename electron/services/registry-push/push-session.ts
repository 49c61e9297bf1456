import { answerChallenge, negotiateAuthorization, type LoginInput } from '../credentials/registry-login';
import { pushErrors } from './push-errors';
import type { PushHttp, PushRequest } from './push-http';

/**
 * The login of one push: negotiated once (Basic, or a Bearer token scoped to the repository), then
 * added to every request. A 401 with a challenge (a token expired, or /v2/ needed no login but the
 * push does) is answered once and the request repeated; a second 401, or a 403, means this login may
 * not push here.
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
    this.use(await negotiateAuthorization(this.http, this.login));
  }

  /** The request with this push's login; 401/403 become AUTH_FAILED naming the phase. */
  async call(req: Omit<PushRequest, 'authorization'>): Promise<Response> {
    let res = await this.http.request({ ...req, authorization: this.authorization });
    const challenge = res.status === 401 ? res.headers.get('www-authenticate') : null;
    if (challenge) {
      if (!this.login) throw pushErrors.loginNeeded(this.http.registry);
      this.use(await answerChallenge(this.http, challenge, this.login));
      res = await this.http.request({ ...req, authorization: this.authorization });
    }
    if (res.status === 401 || res.status === 403) {
      throw pushErrors.refused(this.http.registry, this.repository, req.phase, res.status);
    }
    return res;
  }

  private use(authorization: string | null): void {
    this.authorization = authorization;
    // The token is as secret as the password it was bought with.
    if (authorization?.startsWith('Bearer ')) this.remember(authorization.slice(7));
  }
}
