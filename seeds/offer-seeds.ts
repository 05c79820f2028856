/**
 * One running sale and one introductory coupon, so that a fresh seed shows offers at work. The sale's window is
 * set around the moment of seeding (it began yesterday and runs for 30 days); it covers the Music category
 * (id 3 in category-seeds). Both are written after the sample orders, which therefore keep the regular prices.
 */
const DAY_MS = 86_400_000;

export const saleSeed = (now: Date) => ({
  name: 'Winter music sale',
  percent_off: 20,
  amount_off: null,
  starts_at: new Date(now.getTime() - DAY_MS),
  ends_at: new Date(now.getTime() + 30 * DAY_MS),
  target: 'category' as const,
  category_id: 3,
  tag_id: null,
});

/** 10% off a customer's first order: newly registered customers can use it; the sample customers have orders. */
export const couponSeed = {
  code: 'WELCOME10',
  percent_off: 10,
  amount_off: null,
  starts_at: null,
  ends_at: null,
  usage_limit: null,
  usage_limit_per_customer: 1,
  min_subtotal: null,
  first_order_only: true,
  target: 'catalog' as const,
  category_id: null,
};
