import { z } from 'zod';
import { paginationQuery } from '../../shared/pagination';
import { nameString } from '../../shared/validation';

export const categoryBody = z.strictObject({ category_name: nameString(100) });
export type CategoryBody = z.infer<typeof categoryBody>;

export const listCategoriesQuery = z.strictObject(paginationQuery);
