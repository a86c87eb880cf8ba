/** A test statistic with its degrees of freedom and p-value, as R prints them. */
export type TestResult = { statistic: number; df: number; pValue: number };
