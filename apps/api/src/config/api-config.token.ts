/** Injection token of the validated ApiConfig (provided globally by ApiModule). */
export const API_CONFIG = Symbol('API_CONFIG');
