/** The assignment's tags, in its order (ids 1-8). */
export const tagSeeds = [
  { tag_name: 'rock music' },
  { tag_name: 'pop music' },
  { tag_name: 'blue' },
  { tag_name: 'red' },
  { tag_name: 'green' },
  { tag_name: 'white' },
  { tag_name: 'gold' },
  { tag_name: 'pop culture' },
];
