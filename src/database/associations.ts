import type { Sequelize } from 'sequelize';
import { initLoginFailureModel } from '../modules/auth/login-failure.model';
import { Account, initAccountModel } from '../modules/customers/account.model';
import { AuthToken, initAuthTokenModel } from '../modules/customers/auth-token.model';
import { Customer, initCustomerModel } from '../modules/customers/customer.model';
import { StockMovement, initStockMovementModel } from '../modules/inventory/stock-movement.model';
import { IdempotencyKey, initIdempotencyKeyModel } from '../modules/orders/idempotency-key.model';
import { OrderItem, initOrderItemModel } from '../modules/orders/order-item.model';
import { OrderStatusEvent, initOrderStatusEventModel } from '../modules/orders/order-status-event.model';
import { Order, initOrderModel } from '../modules/orders/order.model';
import { initCouponProductModel } from '../modules/offers/coupon-product.model';
import { initCouponRedemptionModel } from '../modules/offers/coupon-redemption.model';
import { initCouponModel } from '../modules/offers/coupon.model';
import { initSaleProductModel } from '../modules/offers/sale-product.model';
import { initSaleModel } from '../modules/offers/sale.model';
import { Category, initCategoryModel } from '../modules/product-groups/category.model';
import { Tag, initTagModel } from '../modules/product-groups/tag.model';
import { ProductTag, initProductTagModel } from '../modules/products/product-tag.model';
import { Product, initProductModel } from '../modules/products/product.model';

// The model files only: importing a module's index would load its services, which use this database layer.
const MODEL_INITIALIZERS = [
  initCategoryModel,
  initTagModel,
  initProductModel,
  initProductTagModel,
  initCustomerModel,
  initAccountModel,
  initAuthTokenModel,
  initLoginFailureModel,
  initOrderModel,
  initOrderItemModel,
  initOrderStatusEventModel,
  initStockMovementModel,
  initIdempotencyKeyModel,
  initSaleModel,
  initSaleProductModel,
  initCouponModel,
  initCouponProductModel,
  initCouponRedemptionModel,
];

/** Binds every model to `sequelize` and declares how they relate. Called once, by getSequelize(). */
export function initModels(sequelize: Sequelize): void {
  for (const init of MODEL_INITIALIZERS) init(sequelize);
  associateModels();
}

/**
 * The ER diagram. onDelete is stated on both sides of each pair: otherwise the rule MySQL gets depends on which
 * association happens to be declared first.
 */
function associateModels(): void {
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
  OrderItem.belongsTo(Order, {
    foreignKey: 'order_id',
    as: 'order',
    onDelete: 'CASCADE',
    onUpdate: 'CASCADE',
  });
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
}
