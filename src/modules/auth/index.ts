/** Sessions over HTTP: register, log in (throttled), log out, who am I; and the middleware that reads tokens. */
import type { FeatureModule } from '../../shared/feature-module';
import { authEndpoints } from './auth.routes';

export { authenticate } from './authenticate';
export { LoginFailure } from './login-failure.model';

export const authModule: FeatureModule = {
  endpoints: authEndpoints,
  tags: [
    { name: 'Auth', description: 'Register, log in, log out; tokens for everything that is not public' },
  ],
};
