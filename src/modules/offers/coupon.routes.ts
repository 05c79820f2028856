import { createOp, itemOp, listOp, resourceEndpoints } from '../../shared/endpoint';
import { couponSchema, createCouponBody, listCouponsQuery, updateCouponBody } from './coupon.schemas';
import { createCoupon, deleteCoupon, getCoupon, listCoupons, updateCoupon } from './coupon.service';

export const couponEndpoints = resourceEndpoints(
  { path: '/api/coupons', tag: 'Offers', noun: ['coupon', 'coupons'] },
  [
    listOp({
      summary: 'List coupons',
      description:
        'Newest first (by id, descending). code: the coupon with exactly this code, letter case ignored. active=true: only the coupons within their dates now (an open start or end counts); active=false: those not yet started or already ended.',
      access: 'admin',
      query: listCouponsQuery,
      returns: couponSchema,
      handle: ({ query }) => listCoupons(query),
    }),
    createOp({
      summary: 'Create a coupon',
      description:
        'code: 3 to 40 letters, digits, - and _, stored upper-case and unique ignoring case (a taken one is a 409). Exactly one of percent_off (1 to 100) and amount_off. At most one target: product_ids or category_id; none is the whole catalog. starts_at must come before ends_at when both are given. A product or category that does not exist is a 422.',
      access: 'admin',
      body: createCouponBody,
      bodyExample: {
        code: 'WELCOME10',
        percent_off: 10,
        ends_at: '2027-01-01T00:00:00Z',
        usage_limit: 500,
        usage_limit_per_customer: 1,
        min_subtotal: 25,
        first_order_only: true,
      },
      returns: couponSchema,
      errors: [409, 422],
      create: createCoupon,
    }),
    itemOp('get', {
      summary: 'Get one coupon',
      access: 'admin',
      returns: couponSchema,
      handle: ({ params }) => getCoupon(params.id),
    }),
    itemOp('put', {
      summary: 'Update a coupon',
      description:
        'Any subset of the fields (times_used is not one: only orders move it). percent_off or amount_off, when either is sent, replaces the reduction (exactly one of them non-null). product_ids or category_id, when either is sent, replaces the target (both null: the whole catalog). A new code must still be free (409). The resulting starts_at must still come before ends_at.',
      access: 'admin',
      body: updateCouponBody,
      bodyExample: { usage_limit: 1000, ends_at: null },
      returns: couponSchema,
      errors: [409, 422],
      handle: ({ params, body }) => updateCoupon(params.id, body),
    }),
    itemOp('delete', {
      summary: 'Delete a coupon',
      description:
        'Its redemptions go with it; orders that used it keep their coupon_code and their discount.',
      access: 'admin',
      handle: ({ params }) => deleteCoupon(params.id),
    }),
  ],
);
