/**
 * Sets PUBLIC_URL for the test file that imports this module first: the config is parsed once per test file, on
 * first use (which importing the app already is), so the variable must be in place before anything else loads.
 */
export const PUBLIC_URL = 'https://shop.example.com/store';
process.env.PUBLIC_URL = PUBLIC_URL;
