import { z } from 'zod';
import { nameString } from '../../shared/validation';

export const tagBody = z.strictObject({ tag_name: nameString(100) });
export type TagBody = z.infer<typeof tagBody>;
