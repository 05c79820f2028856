// Every model, from the modules' public faces, for tests that set up or check rows directly.
export { LoginFailure } from '../../src/modules/auth';
export { Account, AuthToken, Customer } from '../../src/modules/customers';
export { StockMovement } from '../../src/modules/inventory';
export { IdempotencyKey, Order, OrderItem, OrderStatusEvent } from '../../src/modules/orders';
export { Category, Tag } from '../../src/modules/product-groups';
export { Product, ProductTag } from '../../src/modules/products';
