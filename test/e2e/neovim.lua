-- End-to-end test in Neovim 0.7 (Debian 12): the built-in LSP client starts the go-escape server
-- over stdio on a copy of the seed example, then the test checks the diagnostics, an unsaved
-- edit and a hover. Run by test/e2e/neovim.mjs:
--   nvim --headless -u NONE -i NONE -n -c 'luafile neovim.lua'
-- with GO_ESCAPE_SERVER (dist/server.js) and GO_ESCAPE_WORKSPACE (the seed copy) in the environment.
-- The exit code is the result: 0 when every check passed.

local server = assert(os.getenv('GO_ESCAPE_SERVER'), 'GO_ESCAPE_SERVER is not set')
local workspace = assert(os.getenv('GO_ESCAPE_WORKSPACE'), 'GO_ESCAPE_WORKSPACE is not set')
-- A missing "Return User by value" fix fails the test unless GO_ESCAPE_E2E_QUICKFIX=0.
local expect_quick_fix = os.getenv('GO_ESCAPE_E2E_QUICKFIX') ~= '0'
local timeout_ms = 90000

local function say(text)
  io.stderr:write(text .. '\n')
end

-- The rule the compiler's explanation gives both findings (a stable id from catalogue/ids.ts).
local rule = 'returned-address'
-- The seed's finding: line 14, column 2 in the compiler's 1-based terms, after a tab.
local seed = { message = 'moved to heap: u', line = 13, col = 1, rule = rule }
-- The unsaved edit adds a line 23 whose local escapes at byte column 20.
local added = { source = 'func leak() *int { x := 1; return &x }', message = 'moved to heap: x', line = 22, col = 19, rule = rule }

-- A finding the compiler verified (not a tree-sitter prediction), explained with the given rule.
local function find(buf, want)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local data = d.user_data and d.user_data.lsp and d.user_data.lsp.data or {}
    if vim.startswith(d.message, want.message) and d.lnum == want.line and d.col == want.col
        and data.origin == 'compiler' and d.code == want.rule then
      return d
    end
  end
end

local function describe(buf)
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local data = d.user_data and d.user_data.lsp and d.user_data.lsp.data or {}
    table.insert(lines, string.format('  %d:%d-%d:%d [%s] %s %s %s', d.lnum, d.col, d.end_lnum, d.end_col,
      tostring(d.source), d.message, vim.inspect(d.code), tostring(data.origin)))
    for _, info in ipairs(d.user_data and d.user_data.lsp and d.user_data.lsp.relatedInformation or {}) do
      local start = info.location.range.start
      table.insert(lines, string.format('    related %d:%d %s', start.line, start.character, info.message))
    end
  end
  return table.concat(lines, '\n')
end

local function hover_text(result)
  local contents = result and result.contents
  if type(contents) == 'string' then return contents end
  if type(contents) == 'table' and contents.value then return contents.value end
  if type(contents) == 'table' then
    local parts = {}
    for _, part in ipairs(contents) do
      table.insert(parts, type(part) == 'string' and part or part.value or '')
    end
    return table.concat(parts, '\n')
  end
  return ''
end

local function run()
  local main_go = workspace .. '/main.go'
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(main_go))
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.bo[buf].filetype == 'go', 'filetype is go, got ' .. vim.bo[buf].filetype)
  local disk_before = table.concat(vim.fn.readfile(main_go), '\n')

  local client_id = vim.lsp.start_client({
    name = 'go-escape',
    cmd = { 'node', server, '--stdio' },
    root_dir = workspace,
    init_options = {
      settings = { goEscape = { include = { 'moved', 'escapes' }, debounceMs = 200, relatedInformation = true } },
      workspaceTrusted = true,
    },
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  assert(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client failed')

  say('- diagnostics for the seed')
  local ok = vim.wait(timeout_ms, function() return find(buf, seed) ~= nil end, 100)
  assert(ok, string.format('no verified "%s" (%s) at %d:%d; diagnostics:\n%s', seed.message, seed.rule, seed.line, seed.col, describe(buf)))
  local d = find(buf, seed)
  assert(d.source == 'go-escape', 'source is go-escape, got ' .. tostring(d.source))
  assert(d.end_lnum == seed.line and d.end_col == seed.col + 1, string.format('range covers `u`: %d:%d-%d:%d', d.lnum, d.col, d.end_lnum, d.end_col))
  say(describe(buf))

  say('- an unsaved edit adds "' .. added.message .. '"')
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '', added.source })
  ok = vim.wait(timeout_ms, function() return find(buf, added) ~= nil end, 100)
  assert(ok, string.format('no verified "%s" (%s) at %d:%d after the edit; diagnostics:\n%s', added.message, added.rule, added.line, added.col, describe(buf)))
  assert(find(buf, seed), 'the seed finding is still there after the edit')
  assert(vim.bo[buf].modified, 'the buffer is still unsaved')
  assert(table.concat(vim.fn.readfile(main_go), '\n') == disk_before, 'main.go on disk is unchanged')
  say(describe(buf))

  say('- hover on `u`')
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = seed.line, character = seed.col } }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 15000)
  local response = responses and responses[client_id]
  assert(response and not response.err, 'hover failed: ' .. vim.inspect(response))
  local text = hover_text(response.result)
  assert(text:find('moved to heap', 1, true), 'hover mentions "moved to heap": ' .. vim.inspect(text))
  say(text)

  say('- code actions on `u`')
  local action_params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = seed.line, character = seed.col }, ['end'] = { line = seed.line, character = seed.col + 1 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, seed.line, {}, client_id) },
  }
  responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', action_params, 30000)
  response = responses and responses[client_id]
  assert(response and not response.err, 'codeAction failed: ' .. vim.inspect(response))
  local titles, fix = {}, nil
  for _, action in ipairs(response.result or {}) do
    table.insert(titles, action.title)
    -- The title may say more after the fix's name, e.g. how many heap findings it removes.
    if vim.startswith(action.title, 'Return User by value') then fix = action end
  end
  say('  offered: ' .. table.concat(titles, ' | '))
  if not fix then
    local message = 'no "Return User by value" code action'
    assert(not expect_quick_fix, message)
    say('  SKIPPED (GO_ESCAPE_E2E_QUICKFIX=0): ' .. message)
  else
    say('- apply "' .. fix.title .. '"')
    if fix.edit then vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16') end
    if fix.command then
      local command = type(fix.command) == 'table' and fix.command or fix
      vim.lsp.buf_request_sync(buf, 'workspace/executeCommand', { command = command.command, arguments = command.arguments }, 30000)
    end
    local signature = vim.api.nvim_buf_get_lines(buf, 12, 13, false)[1]
    assert(signature == 'func createUserV2() User {', 'createUserV2 returns User by value: ' .. vim.inspect(signature))
    ok = vim.wait(timeout_ms, function()
      local any_u = false
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if vim.startswith(d.message, seed.message) then any_u = true end
      end
      return not any_u and find(buf, added) ~= nil
    end, 100)
    assert(ok, 'after the fix "' .. seed.message .. '" is gone and "' .. added.message .. '" stays; diagnostics:\n' .. describe(buf))
    assert(table.concat(vim.fn.readfile(main_go), '\n') == disk_before, 'main.go on disk is unchanged')
    say(describe(buf))
  end

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end

local ok, err = xpcall(run, debug.traceback)
if ok then
  say('neovim e2e: all checks passed')
  vim.cmd('qall!')
else
  say('neovim e2e FAILED: ' .. tostring(err))
  for _, client in pairs(vim.lsp.get_active_clients()) do client.stop(true) end
  vim.cmd('cquit 1')
end
