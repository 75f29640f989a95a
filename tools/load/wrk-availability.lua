-- wrk script: GET availability for a rotating set of centres and services, 7 days from
-- the date given in the environment (MAWID_FROM=YYYY-MM-DD), as mawid-load's reads-warm.
--   MAWID_FROM=2026-11-29 wrk -t1 -c256 -d10s --latency -s tools/load/wrk-availability.lua http://127.0.0.1:PORT
local pairs_list = {
  {"manama-service-centre", "id-card-issue"},
  {"manama-service-centre", "passport-renewal"},
  {"manama-service-centre", "id-card-renewal"},
  {"manama-service-centre", "birth-certificate"},
}
local from = os.getenv("MAWID_FROM") or "2026-11-29"
local n = 0
request = function()
  n = n + 1
  local p = pairs_list[(n % #pairs_list) + 1]
  return wrk.format("GET", "/api/v1/availability?centre=" .. p[1] .. "&service=" .. p[2] ..
                    "&from=" .. from .. "&days=7")
end
