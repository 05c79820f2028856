import { Account } from '../modules/accounts/account.model';
import { AuthToken } from '../modules/auth/auth-token.model';
import { LoginFailure } from '../modules/auth/login-failure.model';
import { Category } from '../modules/categories/category.model';
import { Customer } from '../modules/customers/customer.model';
import { StockMovement } from '../modules/inventory/stock-movement.model';
import { IdempotencyKey } from '../modules/orders/idempotency-key.model';
import { OrderItem } from '../modules/orders/order-item.model';
import { OrderStatusEvent } from '../modules/orders/order-status-event.model';
import { Order } from '../modules/orders/order.model';
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

Customer.hasOne(Account, {
  foreignKey: 'customer_id',
  as: 'account',
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
});
Account.belongsTo(Customer, {
  foreignKey: 'customer_id',
  as: 'customer',
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
});
Account.hasMany(AuthToken, {
  foreignKey: 'account_id',
  as: 'tokens',
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
});
AuthToken.belongsTo(Account, {
  foreignKey: 'account_id',
  as: 'account',
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
});

Customer.hasMany(Order, {
  foreignKey: 'customer_id',
  as: 'orders',
  onDelete: 'RESTRICT',
  onUpdate: 'CASCADE',
});
Order.belongsTo(Customer, {
  foreignKey: 'customer_id',
  as: 'customer',
  onDelete: 'RESTRICT',
  onUpdate: 'CASCADE',
});
Order.hasMany(OrderItem, { foreignKey: 'order_id', as: 'items', onDelete: 'CASCADE', onUpdate: 'CASCADE' });
OrderItem.belongsTo(Order, { foreignKey: 'order_id', as: 'order', onDelete: 'CASCADE', onUpdate: 'CASCADE' });
OrderItem.belongsTo(Product, {
  foreignKey: 'product_id',
  as: 'product',
  onDelete: 'SET NULL',
  onUpdate: 'CASCADE',
});
Order.hasMany(OrderStatusEvent, {
  foreignKey: 'order_id',
  as: 'events',
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
});
Product.hasMany(StockMovement, {
  foreignKey: 'product_id',
  as: 'movements',
  onDelete: 'CASCADE',
  onUpdate: 'CASCADE',
});
Account.hasMany(IdempotencyKey, { foreignKey: 'account_id', as: 'idempotency_keys', onDelete: 'CASCADE' });

export {
  IdempotencyKey,
  Order,
  OrderItem,
  OrderStatusEvent,
  StockMovement,
  Account,
  AuthToken,
  Category,
  Customer,
  LoginFailure,
  Product,
  ProductTag,
  Tag,
};
