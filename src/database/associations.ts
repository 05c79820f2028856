import { Category } from '../modules/categories/category.model';
import { ProductTag } from '../modules/products/product-tag.model';
import { Product } from '../modules/products/product.model';
import { Tag } from '../modules/tags/tag.model';

// The ER diagram. onDelete is stated on both sides of each pair: otherwise the rule MySQL gets
// depends on which association happens to be declared first.
Category.hasMany(Product, {
  foreignKey: 'category_id',
  as: 'products',
  onDelete: 'SET NULL',
  onUpdate: 'CASCADE',
});
Product.belongsTo(Category, {
  foreignKey: 'category_id',
  as: 'category',
  onDelete: 'SET NULL',
  onUpdate: 'CASCADE',
});

Product.belongsToMany(Tag, {
  through: ProductTag,
  foreignKey: 'product_id',
  otherKey: 'tag_id',
  as: 'tags',
  onDelete: 'CASCADE',
  uniqueKey: 'product_tag_pair_unique',
});
Tag.belongsToMany(Product, {
  through: ProductTag,
  foreignKey: 'tag_id',
  otherKey: 'product_id',
  as: 'products',
  onDelete: 'CASCADE',
  uniqueKey: 'product_tag_pair_unique',
});

export { Category, Product, ProductTag, Tag };
