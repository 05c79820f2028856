/** Sessions over HTTP: register, log in (throttled), log out, who am I; and the middleware that reads tokens. */
import type { FeatureModule } from '../../shared/feature-module';
import { documentAuthRoutes } from './auth.openapi';
import { authRouter } from './auth.router';

export { authenticate } from './authenticate';
export { LoginFailure } from './login-failure.model';

export const authModule: FeatureModule = {
  routes: [{ path: '/auth', router: () => authRouter }],
  docs: {
    tags: [
      { name: 'Auth', description: 'Register, log in, log out; tokens for everything that is not public' },
    ],
    document: documentAuthRoutes,
  },
};
