import { createProductGroupRouter } from '../products/product-group';
import { tagNames } from './tag.group';
import { tagBody } from './tag.schemas';
import { createTag, deleteTag, getTag, listTags, updateTag } from './tag.service';

export const tagRouter = createProductGroupRouter(tagNames, tagBody, {
  list: listTags,
  get: getTag,
  create: createTag,
  update: updateTag,
  remove: deleteTag,
});
