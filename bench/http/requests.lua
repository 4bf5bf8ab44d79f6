-- wrk script for bench/bench_http.py: rotates over prepared requests and checks every answer.
--
--   wrk -t T -c C -d 20s --latency -s bench/http/requests.lua http://127.0.0.1:PORT \
--       -- LINES THREADS EXPECT [BODY CONTENT_TYPE LOCATION]
--
-- LINES: a file with one request per line, "PATH<TAB>COOKIE". Each wrk thread takes every
--   THREADS-th line (thread i the lines i, i+THREADS, ...), so no two threads share a line
--   and, with many more lines than connections, one citizen has one request in flight at a
--   time. Requests are built once, in init(), not during the run.
-- EXPECT: the status code every answer must have (200 for pages, 302 for submissions).
-- BODY, CONTENT_TYPE: a file holding a POST body (multipart) and its Content-Type; given,
--   every request is a POST of that body.
-- LOCATION: for POSTs, a text the Location header of each answer must contain.
--
-- done() prints one line "RESULT {json}" with the counts and latency percentiles (µs);
-- "bad" counts answers with another status or Location, with one example.

local threads = {}

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

local function read_file(name)
   local handle = assert(io.open(name, "rb"))
   local content = handle:read("*a")
   handle:close()
   return content
end

local requests = {}
local position = 1
local expect_status = 200
local expect_location = nil

ok = 0
bad = 0
bad_example = ""

function init(args)
   local lines_file, thread_count, expected = args[1], tonumber(args[2]), tonumber(args[3])
   local body_file, content_type = args[4], args[5]
   expect_status = expected
   expect_location = args[6]
   local body = nil
   if body_file and body_file ~= "" then
      body = read_file(body_file)
   end
   local number = 0
   for line in io.lines(lines_file) do
      if number % thread_count == index then
         local path, cookie = line:match("^([^\t]+)\t(.*)$")
         local headers = { ["Cookie"] = cookie }
         if body then
            headers["Content-Type"] = content_type
            table.insert(requests, wrk.format("POST", path, headers, body))
         else
            table.insert(requests, wrk.format("GET", path, headers))
         end
      end
      number = number + 1
   end
   assert(#requests > 0, "no request lines for thread " .. index)
   -- Threads start at different places of their own lists.
   position = 1 + (index * 7919) % #requests
end

function request()
   local prepared = requests[position]
   position = position + 1
   if position > #requests then
      position = 1
   end
   return prepared
end

function response(status, headers, body)
   local good = status == expect_status
   if good and expect_location then
      local location = headers["Location"] or headers["location"] or ""
      good = string.find(location, expect_location, 1, true) ~= nil
   end
   if good then
      ok = ok + 1
   else
      bad = bad + 1
      if bad_example == "" then
         bad_example = tostring(status) .. " " .. tostring(headers["Location"] or "")
      end
   end
end

function done(summary, latency, requests_stats)
   local ok_total, bad_total, example = 0, 0, ""
   for _, thread in ipairs(threads) do
      ok_total = ok_total + thread:get("ok")
      bad_total = bad_total + thread:get("bad")
      local one = thread:get("bad_example")
      if example == "" and one ~= "" then
         example = one
      end
   end
   local errors = summary.errors
   io.write(string.format(
      'RESULT {"requests": %d, "duration_us": %d, "ok": %d, "bad": %d, "bad_example": "%s", '
         .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
         .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
      summary.requests, summary.duration, ok_total, bad_total, example:gsub('"', "'"),
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max
   ))
end
