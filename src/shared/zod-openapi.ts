import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Gives every zod schema its .openapi() method. A module of its own with no other imports, so that whichever file
// loads first (validation, openapi, a module's schemas) finds it done before it calls .openapi().
extendZodWithOpenApi(z);
