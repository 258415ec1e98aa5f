/**
 * What each role may do: the server's own table (src/domain/access/RolePermissions.ts, pure data),
 * bundled into the panel so menus and buttons show exactly what the server will allow. The server
 * still decides; this only keeps the screens honest.
 */
export { can, type Permission, ROLES, type Role } from "../../src/domain/access/RolePermissions.ts";
