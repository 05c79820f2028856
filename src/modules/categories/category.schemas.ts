import { z } from 'zod';
import { nameString } from '../../shared/validation';

export const categoryBody = z.strictObject({ category_name: nameString(100) });
export type CategoryBody = z.infer<typeof categoryBody>;
