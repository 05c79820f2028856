import { documentProductGroup } from '../products/product-group';
import { tagNames } from './tag.group';
import { tagBody } from './tag.schemas';

export const tagSchema = documentProductGroup(tagNames, tagBody);
