/** The console's version, as `govcon --version` prints it and every report states it. */
export const VERSION = '0.1.0';
