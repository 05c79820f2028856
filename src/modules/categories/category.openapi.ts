import { documentProductGroup } from '../products/product-group';
import { categoryNames } from './category.group';
import { categoryBody } from './category.schemas';

export const categorySchema = documentProductGroup(categoryNames, categoryBody);
