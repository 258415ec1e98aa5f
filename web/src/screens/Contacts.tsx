/**
 * Contacts: search by name, phone or email; filter by service, time preference, staff preference,
 * last visit, completeness and language; sort by the column headers; page through. Filters live in
 * the screen, not the URL: a search for a name is nobody's business in the browser history.
 */
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { DAY_PARTS, WEEKDAYS } from "../../../src/domain/extraction/types.ts";
import { withQuery } from "../api.ts";
import { catalogOf, useSchedule } from "../catalog.ts";
import { CompletenessBar } from "../components/CompletenessBar.tsx";
import { ErrorNote, Loading } from "../components/Status.tsx";
import { formatDate, formatDateTime } from "../format.ts";
import { type MessageKey, useI18n } from "../i18n/index.tsx";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import type { ContactPage } from "../types.ts";
import { useResource } from "../useResource.ts";

type SortKey = "name" | "lastContact" | "lastVisit" | "completeness";

interface Filters {
  q: string;
  service: string;
  timePart: string;
  day: string;
  staff: string;
  language: string;
  lastVisitAfter: string;
  lastVisitBefore: string;
  completenessMin: string;
  completenessMax: string;
}

const NO_FILTERS: Filters = {
  q: "",
  service: "",
  timePart: "",
  day: "",
  staff: "",
  language: "",
  lastVisitAfter: "",
  lastVisitBefore: "",
  completenessMin: "",
  completenessMax: "",
};

const PAGE_SIZE = 25;

export function ContactsScreen() {
  const { t, language } = useI18n();
  const session = useSession();
  const catalog = catalogOf(useSchedule(session.business.id), language);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; order: "asc" | "desc" }>({
    key: "lastContact",
    order: "desc",
  });
  const [page, setPage] = useState(1);

  // Typing settles for a moment before the search goes out.
  useEffect(() => {
    const timer = setTimeout(() => {
      setFilters((previous) => (previous.q === search.trim() ? previous : { ...previous, q: search.trim() }));
      setPage(1);
    }, 300);
    return () => clearTimeout(timer);
  }, [search]);

  const url = useMemo(
    () =>
      withQuery("/api/contacts", {
        ...filters,
        sort: sort.key,
        order: sort.order,
        page,
        pageSize: PAGE_SIZE,
      }),
    [filters, sort, page],
  );
  const { data, error, loading } = useResource<ContactPage>(url);
  const extended = data?.total !== undefined;

  const set = (key: keyof Filters) => (value: string) => {
    setFilters((previous) => ({ ...previous, [key]: value }));
    setPage(1);
  };
  const sortBy = (key: SortKey) => {
    setSort((previous) =>
      previous.key === key
        ? { key, order: previous.order === "asc" ? "desc" : "asc" }
        : { key, order: key === "name" ? "asc" : "desc" },
    );
    setPage(1);
  };
  const header = (key: SortKey, label: MessageKey) => (
    <th aria-sort={sort.key === key ? (sort.order === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="sort" data-testid={`sort-${key}`} onClick={() => sortBy(key)}>
        {t(label)}
        <span className="sort-mark">{sort.key === key ? (sort.order === "asc" ? "▲" : "▼") : ""}</span>
      </button>
    </th>
  );
  const pages = extended ? Math.max(1, Math.ceil((data?.total ?? 0) / (data?.pageSize ?? PAGE_SIZE))) : 1;

  return (
    <section>
      <div className="screen-head">
        <h1>{t("contacts.title")}</h1>
        {extended && <span className="muted">{t("contacts.total", { count: data?.total ?? 0 })}</span>}
      </div>
      <div className="filters card">
        <input
          className="search"
          type="search"
          data-testid="contacts-search"
          placeholder={t("contacts.searchPlaceholder")}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <Select label={t("contacts.filter.service")} value={filters.service} onChange={set("service")}>
          {catalog.services.map((service) => (
            <option key={service.id} value={service.id}>
              {catalog.serviceName(service.id)}
            </option>
          ))}
        </Select>
        <Select label={t("contacts.filter.timePart")} value={filters.timePart} onChange={set("timePart")}>
          {DAY_PARTS.map((part) => (
            <option key={part} value={part}>
              {t(`part.${part}`)}
            </option>
          ))}
        </Select>
        <Select label={t("contacts.filter.day")} value={filters.day} onChange={set("day")}>
          {WEEKDAYS.map((day) => (
            <option key={day} value={day}>
              {t(`day.${day}`)}
            </option>
          ))}
        </Select>
        <Select label={t("contacts.filter.staff")} value={filters.staff} onChange={set("staff")}>
          <option value="any">{t("contacts.filter.staffAny")}</option>
          <option value="none">{t("contacts.filter.staffNone")}</option>
          {catalog.staff.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </Select>
        <Select label={t("contacts.filter.language")} value={filters.language} onChange={set("language")}>
          <option value="de">Deutsch</option>
          <option value="en">English</option>
        </Select>
        <label className="inline">
          {t("contacts.filter.lastVisitAfter")}
          <input
            type="date"
            value={filters.lastVisitAfter}
            onChange={(event) => set("lastVisitAfter")(event.target.value)}
          />
        </label>
        <label className="inline">
          {t("contacts.filter.lastVisitBefore")}
          <input
            type="date"
            value={filters.lastVisitBefore}
            onChange={(event) => set("lastVisitBefore")(event.target.value)}
          />
        </label>
        <Select
          label={t("contacts.filter.completeness")}
          value={
            filters.completenessMin || filters.completenessMax
              ? `${filters.completenessMin}-${filters.completenessMax}`
              : ""
          }
          onChange={(value) => {
            const [min = "", max = ""] = value.split("-");
            setFilters((previous) => ({ ...previous, completenessMin: min, completenessMax: max }));
            setPage(1);
          }}
        >
          <option value="0-49">{t("contacts.filter.completenessLow")}</option>
          <option value="50-79">{t("contacts.filter.completenessMid")}</option>
          <option value="80-100">{t("contacts.filter.completenessHigh")}</option>
        </Select>
        <button
          type="button"
          className="link"
          onClick={() => {
            setFilters(NO_FILTERS);
            setSearch("");
            setPage(1);
          }}
        >
          {t("contacts.filter.reset")}
        </button>
      </div>
      {data && !extended && <div className="notice">{t("contacts.olderServer")}</div>}
      {error ? <ErrorNote error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && (
        <div className="table-wrap card">
          <table className="data" data-testid="contacts-table">
            <thead>
              <tr>
                {header("name", "contacts.col.name")}
                <th>{t("contacts.col.phone")}</th>
                <th>{t("contacts.col.language")}</th>
                <th>{t("contacts.col.staff")}</th>
                <th>{t("contacts.col.times")}</th>
                <th>{t("contacts.col.services")}</th>
                {header("lastVisit", "contacts.col.lastVisit")}
                {header("lastContact", "contacts.col.lastContact")}
                {header("completeness", "contacts.col.completeness")}
              </tr>
            </thead>
            <tbody>
              {data.contacts.length === 0 && (
                <tr>
                  <td colSpan={9} className="muted">
                    {t("contacts.none")}
                  </td>
                </tr>
              )}
              {data.contacts.map((contact) => (
                <tr key={contact.id} data-testid="contact-row">
                  <td>
                    <Link to={`/contacts/${contact.id}`}>{contact.name ?? t("contacts.unnamed")}</Link>
                    {contact.email && <div className="sub">{contact.email}</div>}
                  </td>
                  <td className="nowrap">{contact.phone ?? contact.waId}</td>
                  <td>{contact.language?.toUpperCase() ?? "—"}</td>
                  <td>{contact.preferredStaff ?? "—"}</td>
                  <td>{contact.timePreference ?? "—"}</td>
                  <td>{contact.services?.length ? contact.services.join(", ") : "—"}</td>
                  <td className="nowrap">{formatDate(session.clock, contact.lastVisitAt)}</td>
                  <td className="nowrap">{formatDateTime(session.clock, contact.lastInboundAt)}</td>
                  <td>
                    <CompletenessBar completeness={contact.completeness} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {extended && pages > 1 && (
        <div className="pager" data-testid="pager">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t("common.previous")}
          </button>
          <span>{t("common.pageOf", { page, pages })}</span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {t("common.next")}
          </button>
        </div>
      )}
    </section>
  );
}

function Select(props: { label: string; value: string; onChange(value: string): void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <label className="inline">
      {props.label}
      <select value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">{t("common.all")}</option>
        {props.children}
      </select>
    </label>
  );
}
