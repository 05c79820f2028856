import { createProductGroupRouter } from '../products/product-group';
import { categoryNames } from './category.group';
import { categoryBody } from './category.schemas';
import {
  createCategory,
  deleteCategory,
  getCategory,
  listCategories,
  updateCategory,
} from './category.service';

export const categoryRouter = createProductGroupRouter(categoryNames, categoryBody, {
  list: listCategories,
  get: getCategory,
  create: createCategory,
  update: updateCategory,
  remove: deleteCategory,
});
