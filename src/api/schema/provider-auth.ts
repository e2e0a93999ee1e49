// Credentials and headers shared by the HTTP-based providers (prometheus, web).
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

export const Sigv4ConfigSchema = Type.Object({
  region: Type.Optional(Type.String()),
  profile: Type.Optional(Type.String()),
  roleArn: Type.Optional(Type.String()),
});
export type Sigv4Config = Static<typeof Sigv4ConfigSchema>;

export const OAuth2ConfigSchema = Type.Object({
  tokenUrl: Type.Optional(Type.String()),
  clientId: Type.Optional(Type.String()),
  clientSecret: Type.Optional(Type.String()),
  scopes: Type.Optional(Type.Array(Type.String())),
});
export type OAuth2Config = Static<typeof OAuth2ConfigSchema>;

export const BasicAuthConfigSchema = Type.Object({
  username: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
});
export type BasicAuthConfig = Static<typeof BasicAuthConfigSchema>;

export const AuthenticationSchema = Type.Object({
  sigv4: Type.Optional(Sigv4ConfigSchema),
  oauth2: Type.Optional(OAuth2ConfigSchema),
  basicAuth: Type.Optional(BasicAuthConfigSchema),
});
export type Authentication = Static<typeof AuthenticationSchema>;

export const WebMetricHeaderSchema = Type.Object({
  key: Type.String(),
  value: Type.String(),
});
export type WebMetricHeader = Static<typeof WebMetricHeaderSchema>;
