/** Offers: seasonal sales, coupons and their redemptions, and what they take off a price or an order. */
import type { FeatureModule } from '../../shared/feature-module';
import { couponEndpoints } from './coupon.routes';
import { saleEndpoints } from './sale.routes';

export { onSaleCondition, salePricesAt } from './sale-prices';
export type { SalePrice } from './sale-prices';
export { applyCoupon, normalizeCouponCode, recordRedemption, releaseRedemption } from './coupon-apply';
export type { AppliedCoupon } from './coupon-apply';

export { Coupon } from './coupon.model';
export { CouponProduct } from './coupon-product.model';
export { Sale } from './sale.model';
export { SaleProduct } from './sale-product.model';

export const offersModule: FeatureModule = {
  endpoints: [...saleEndpoints, ...couponEndpoints],
  tags: [
    {
      name: 'Offers',
      description:
        'Sales (price reductions for a time window, on the catalog, some products, a category or a tag) and coupons (codes that take an amount or a percentage off an order); admin only',
    },
  ],
};
