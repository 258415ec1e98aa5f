/**
 * What remembering customers is worth: KPI cards and charts over time — profile completeness per
 * field, repeat bookings with and without preferences, sentiment, no-shows, and the staff time saved
 * by questions the bot did not have to ask again. Every rate shows the sample it was taken over.
 */
import { useState } from "react";
import { withQuery } from "../api.ts";
import { CompareBars, LineChart, ShareBars } from "../components/Charts.tsx";
import { fieldLabel } from "../components/CompletenessBar.tsx";
import { ErrorNote, Loading } from "../components/Status.tsx";
import { formatDate, percent } from "../format.ts";
import { useI18n } from "../i18n/index.tsx";
import { useSession } from "../session.tsx";
import type { Insights } from "../types.ts";
import { useResource } from "../useResource.ts";

const RANGES = { "3m": 91, "6m": 182, "12m": 365 } as const;
type Range = keyof typeof RANGES;

export function InsightsScreen() {
  const { t, locale } = useI18n();
  const session = useSession();
  const [range, setRange] = useState<Range>("6m");
  const [bucket, setBucket] = useState<"week" | "month">("month");
  // Whole days, so the URL (and the answer) stays the same while the screen is open.
  const to = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  to.setUTCDate(to.getUTCDate() + 1);
  const from = new Date(to.getTime() - RANGES[range] * 86_400_000);
  const { data, error, loading } = useResource<Insights>(
    withQuery("/api/insights", { from: from.toISOString(), to: to.toISOString(), bucket }),
  );
  const period = (iso: string) =>
    bucket === "month"
      ? new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" }).format(
          new Date(iso),
        )
      : formatDate(session.clock, iso);
  const pct = (share: number | null) => (share === null ? "—" : percent(share, locale));

  return (
    <section className="insights">
      <div className="screen-head">
        <h1>{t("insights.title")}</h1>
        <div className="segmented">
          {(Object.keys(RANGES) as Range[]).map((value) => (
            <button
              key={value}
              type="button"
              className={range === value ? "active" : ""}
              onClick={() => setRange(value)}
            >
              {t(`insights.range.${value}`)}
            </button>
          ))}
          <select
            aria-label={t("insights.bucket")}
            value={bucket}
            onChange={(event) => setBucket(event.target.value === "week" ? "week" : "month")}
          >
            <option value="week">{t("insights.byWeek")}</option>
            <option value="month">{t("insights.byMonth")}</option>
          </select>
        </div>
      </div>
      {error ? <ErrorNote error={error} what={t("insights.what")} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && (
        <>
          <div className="kpis" data-testid="kpis">
            <Kpi
              label={t("insights.kpi.completeness")}
              value={`${Math.round(data.completeness.average)}%`}
              note={t("insights.customers", { n: data.completeness.customers })}
            />
            <Kpi
              label={t("insights.kpi.repeatWith")}
              value={pct(data.repeatBooking.withPreferences.rate)}
              note={t("insights.ofCustomers", {
                repeat: data.repeatBooking.withPreferences.repeat,
                n: data.repeatBooking.withPreferences.customers,
              })}
            />
            <Kpi
              label={t("insights.kpi.repeatWithout")}
              value={pct(data.repeatBooking.withoutPreferences.rate)}
              note={t("insights.ofCustomers", {
                repeat: data.repeatBooking.withoutPreferences.repeat,
                n: data.repeatBooking.withoutPreferences.customers,
              })}
            />
            <Kpi
              label={t("insights.kpi.noShow")}
              value={pct(data.noShow.rate)}
              note={t("insights.appointments", { n: data.noShow.appointments })}
            />
            <Kpi
              label={t("insights.kpi.timeSaved")}
              value={t("insights.minutes", { n: Math.round(data.timeSaved.minutesSaved) })}
              note={t("insights.questionsNotAsked", { n: data.timeSaved.questionsNotAsked })}
            />
          </div>
          <div className="grid two">
            <div className="card">
              <h2>{t("insights.completenessByField")}</h2>
              <p className="sub">{t("insights.customers", { n: data.completeness.customers })}</p>
              <ShareBars
                title={t("insights.completenessByField")}
                bars={Object.entries(data.completeness.byField).map(([field, share]) => ({
                  label: t(fieldLabel(field)),
                  share,
                }))}
              />
            </div>
            <div className="card">
              <h2>{t("insights.repeatBooking")}</h2>
              <p className="sub">{t("insights.repeatHint")}</p>
              <CompareBars
                title={t("insights.repeatBooking")}
                items={[
                  {
                    label: t("insights.withPreferences"),
                    share: data.repeatBooking.withPreferences.rate,
                    n: data.repeatBooking.withPreferences.customers,
                  },
                  {
                    label: t("insights.withoutPreferences"),
                    share: data.repeatBooking.withoutPreferences.rate,
                    n: data.repeatBooking.withoutPreferences.customers,
                  },
                ]}
              />
            </div>
            <div className="card">
              <h2>{t("insights.completenessTrend")}</h2>
              <LineChart
                title={t("insights.completenessTrend")}
                min={0}
                max={100}
                format={(value) => `${Math.round(value)}%`}
                points={data.completenessTrend.map((point) => ({
                  label: period(point.period),
                  // Before the first customer there is no completeness to show.
                  value: point.customers > 0 ? point.average : null,
                  n: point.customers,
                }))}
              />
            </div>
            <div className="card">
              <h2>{t("insights.sentimentTrend")}</h2>
              <p className="sub">
                {t("insights.messages", {
                  n: data.sentimentTrend.reduce((sum, point) => sum + point.messages, 0),
                })}
              </p>
              <LineChart
                title={t("insights.sentimentTrend")}
                min={-1}
                max={1}
                points={data.sentimentTrend.map((point) => ({
                  label: period(point.period),
                  value: point.average,
                  n: point.messages,
                }))}
              />
            </div>
            <div className="card">
              <h2>{t("insights.noShowTrend")}</h2>
              <p className="sub">{t("insights.appointments", { n: data.noShow.appointments })}</p>
              <LineChart
                title={t("insights.noShowTrend")}
                min={0}
                format={pct}
                points={data.noShow.trend.map((point) => ({
                  label: period(point.period),
                  value: point.rate,
                  n: point.appointments,
                }))}
              />
            </div>
            <div className="card">
              <h2>{t("insights.timeSavedTrend")}</h2>
              <p className="sub">{t("insights.timeSavedHint")}</p>
              <LineChart
                title={t("insights.timeSavedTrend")}
                min={0}
                max={Math.max(1, ...data.timeSaved.trend.map((point) => point.questionsNotAsked))}
                format={(value) => String(Math.round(value))}
                points={data.timeSaved.trend.map((point) => ({
                  label: period(point.period),
                  value: point.questionsNotAsked,
                }))}
              />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function Kpi({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <div className="card kpi" data-testid="kpi">
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      <div className="sub">{note}</div>
    </div>
  );
}
